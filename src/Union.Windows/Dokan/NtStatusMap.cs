// Managed equivalent of DokanNtStatusFromWin32 (dokan/ntstatus.c + ntstatus.i) for the Win32 errors
// a filesystem backed by System.IO actually meets; like Dokan, anything unknown becomes STATUS_ACCESS_DENIED.
namespace Union.Windows.Dokan;

internal static class NtStatusMap
{
    // Win32 error codes (winerror.h).
    public const uint ERROR_SUCCESS = 0;
    public const uint ERROR_INVALID_FUNCTION = 1;
    public const uint ERROR_FILE_NOT_FOUND = 2;
    public const uint ERROR_PATH_NOT_FOUND = 3;
    public const uint ERROR_TOO_MANY_OPEN_FILES = 4;
    public const uint ERROR_ACCESS_DENIED = 5;
    public const uint ERROR_INVALID_HANDLE = 6;
    public const uint ERROR_NOT_ENOUGH_MEMORY = 8;
    public const uint ERROR_WRITE_PROTECT = 19;
    public const uint ERROR_NOT_READY = 21;
    public const uint ERROR_NOT_SAME_DEVICE = 17;
    public const uint ERROR_NO_MORE_FILES = 18;
    public const uint ERROR_GEN_FAILURE = 31;
    public const uint ERROR_SHARING_VIOLATION = 32;
    public const uint ERROR_LOCK_VIOLATION = 33;
    public const uint ERROR_HANDLE_EOF = 38;
    public const uint ERROR_NOT_SUPPORTED = 50;
    public const uint ERROR_FILE_EXISTS = 80;
    public const uint ERROR_CANNOT_MAKE = 82;
    public const uint ERROR_INVALID_PARAMETER = 87;
    public const uint ERROR_DISK_FULL = 112;
    public const uint ERROR_INSUFFICIENT_BUFFER = 122;
    public const uint ERROR_INVALID_NAME = 123;
    public const uint ERROR_DIR_NOT_EMPTY = 145;
    public const uint ERROR_NOT_LOCKED = 158;
    public const uint ERROR_BAD_PATHNAME = 161;
    public const uint ERROR_BUSY = 170;
    public const uint ERROR_ALREADY_EXISTS = 183;
    public const uint ERROR_FILENAME_EXCED_RANGE = 206;
    public const uint ERROR_MORE_DATA = 234;
    public const uint ERROR_DIRECTORY = 267;
    public const uint ERROR_OPERATION_ABORTED = 995;
    public const uint ERROR_IO_DEVICE = 1117;
    public const uint ERROR_NO_SYSTEM_RESOURCES = 1450;
    public const uint ERROR_CANT_ACCESS_FILE = 1920;
    public const uint ERROR_NOT_A_REPARSE_POINT = 4390;

    public static NtStatus FromWin32(uint error) => error switch
    {
        // Dokan's table has no entry for 0 and would answer ACCESS_DENIED; success must stay success here.
        ERROR_SUCCESS => NtStatus.Success,
        ERROR_INVALID_FUNCTION => NtStatus.NotImplemented,
        ERROR_FILE_NOT_FOUND => NtStatus.ObjectNameNotFound,
        ERROR_PATH_NOT_FOUND => NtStatus.ObjectPathNotFound,
        ERROR_TOO_MANY_OPEN_FILES => NtStatus.TooManyOpenedFiles,
        ERROR_ACCESS_DENIED => NtStatus.AccessDenied,
        ERROR_INVALID_HANDLE => NtStatus.InvalidHandle,
        ERROR_NOT_ENOUGH_MEMORY => NtStatus.NoMemory,
        ERROR_WRITE_PROTECT => NtStatus.MediaWriteProtected,
        ERROR_NOT_READY => NtStatus.DeviceNotReady,
        ERROR_NOT_SAME_DEVICE => NtStatus.NotSameDevice,
        ERROR_NO_MORE_FILES => NtStatus.NoMoreFiles,
        ERROR_GEN_FAILURE => NtStatus.Unsuccessful,
        ERROR_SHARING_VIOLATION => NtStatus.SharingViolation,
        ERROR_LOCK_VIOLATION => NtStatus.LockNotGranted,
        ERROR_HANDLE_EOF => NtStatus.EndOfFile,
        ERROR_NOT_SUPPORTED => NtStatus.NotSupported,
        ERROR_FILE_EXISTS or ERROR_ALREADY_EXISTS => NtStatus.ObjectNameCollision,
        ERROR_CANNOT_MAKE => NtStatus.CannotMake,
        ERROR_INVALID_PARAMETER => NtStatus.InvalidParameter,
        ERROR_DISK_FULL => NtStatus.DiskFull,
        ERROR_INSUFFICIENT_BUFFER => NtStatus.BufferTooSmall,
        ERROR_INVALID_NAME => NtStatus.ObjectNameInvalid,
        ERROR_DIR_NOT_EMPTY => NtStatus.DirectoryNotEmpty,
        ERROR_NOT_LOCKED => NtStatus.NotLocked,
        ERROR_BAD_PATHNAME => NtStatus.ObjectPathInvalid,
        ERROR_BUSY => NtStatus.DeviceBusy,
        ERROR_FILENAME_EXCED_RANGE => NtStatus.NameTooLong,
        ERROR_MORE_DATA => NtStatus.BufferOverflow,
        ERROR_DIRECTORY => NtStatus.NotADirectory,
        ERROR_OPERATION_ABORTED => NtStatus.Cancelled,
        ERROR_IO_DEVICE => NtStatus.IoDeviceError,
        ERROR_NO_SYSTEM_RESOURCES => NtStatus.InsufficientResources,
        ERROR_CANT_ACCESS_FILE => NtStatus.IoReparseTagNotHandled,
        ERROR_NOT_A_REPARSE_POINT => NtStatus.NotAReparsePoint,
        _ => NtStatus.AccessDenied,
    };

    // System.IO exceptions carry the Win32 error as HRESULT 0x8007xxxx (FACILITY_WIN32) on Windows.
    public static NtStatus FromHResult(int hresult) =>
        (hresult & 0xFFFF0000) == 0x80070000 ? FromWin32((uint)hresult & 0xFFFF) : NtStatus.UnexpectedIoError;
}
