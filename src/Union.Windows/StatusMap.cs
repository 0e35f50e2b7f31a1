// The one place where engine errors (Linux errno values) become NTSTATUS codes for dokan2.dll.
// Callers that know more (a missing parent is a missing *path*) override the result where they know it.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal static class StatusMap
{
    public static NtStatus From(FsError error) => error switch
    {
        FsError.None => NtStatus.Success,
        FsError.NotFound or FsError.Stale or FsError.NoData => NtStatus.ObjectNameNotFound,
        FsError.NotPermitted or FsError.AccessDenied or FsError.TooManyLinks => NtStatus.AccessDenied,
        // Opening a fifo, socket or device for data: Windows has no such objects, the open is simply refused.
        FsError.NoDeviceOrAddress => NtStatus.AccessDenied,
        FsError.Exists => NtStatus.ObjectNameCollision,
        FsError.NotDirectory => NtStatus.NotADirectory,
        FsError.IsDirectory => NtStatus.FileIsADirectory,
        FsError.NotEmpty => NtStatus.DirectoryNotEmpty,
        FsError.ReadOnly => NtStatus.MediaWriteProtected,
        FsError.NoSpace or FsError.QuotaExceeded or FsError.FileTooBig => NtStatus.DiskFull,
        FsError.NameTooLong => NtStatus.NameTooLong,
        FsError.InvalidArgument or FsError.OutOfRange or FsError.Overflow or FsError.IllegalSeek or FsError.TooBig
            => NtStatus.InvalidParameter,
        FsError.SymlinkLoop => NtStatus.ObjectPathNotFound,
        FsError.Busy or FsError.TextBusy => NtStatus.SharingViolation,
        FsError.CrossDevice => NtStatus.NotSameDevice,
        FsError.OutOfMemory => NtStatus.NoMemory,
        FsError.TooManyOpenFiles => NtStatus.TooManyOpenedFiles,
        FsError.BadHandle => NtStatus.InvalidHandle,
        FsError.NotImplemented or FsError.NotSupported => NtStatus.NotSupported,
        FsError.Interrupted => NtStatus.Cancelled,
        FsError.TryAgain => NtStatus.DeviceBusy,
        FsError.Io => NtStatus.IoDeviceError,
        _ => NtStatus.UnexpectedIoError,
    };
}
