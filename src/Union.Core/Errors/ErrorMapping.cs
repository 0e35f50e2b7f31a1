// Maps System.IO exceptions to FsError: the one place that inspects HResults (used by the portable host).
namespace Union.Core;

internal static class ErrorMapping
{
    public static FsError FromException(Exception e) => e switch
    {
        FsException fe => fe.Error,
        FileNotFoundException or DirectoryNotFoundException => FsError.NotFound,
        UnauthorizedAccessException => FsError.AccessDenied,
        PathTooLongException => FsError.NameTooLong,
        IOException io when FromHResult(io.HResult) is { } mapped => mapped,
        NotSupportedException or PlatformNotSupportedException => FsError.NotSupported,
        ArgumentException => FsError.InvalidArgument,
        _ => FsError.Io,
    };

    private static FsError? FromHResult(int hr)
    {
        // On Unix the runtime stores the raw errno in the low bits; on Windows 0x8007xxxx holds a Win32 error.
        if (!OperatingSystem.IsWindows())
            return Enum.IsDefined((FsError)(hr & 0xFFFF)) ? (FsError)(hr & 0xFFFF) : null;
        return (hr & 0xFFFF) switch
        {
            2 or 3 => FsError.NotFound,
            5 => FsError.AccessDenied,
            32 or 33 => FsError.Busy,
            80 or 183 => FsError.Exists,
            112 => FsError.NoSpace,
            145 => FsError.NotEmpty,
            206 => FsError.NameTooLong,
            _ => null,
        };
    }
}
