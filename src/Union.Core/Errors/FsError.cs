// Platform-neutral error codes of the engine. The numbers are Linux errno values so the FUSE adapter passes them
// through unchanged; the Windows adapter maps each one to an NTSTATUS.
namespace Union.Core;

/// <summary>An engine error. <see cref="None"/> is success; every other value names one POSIX error.</summary>
public enum FsError
{
    None = 0,
    NotPermitted = 1,       // EPERM
    NotFound = 2,           // ENOENT
    Interrupted = 4,        // EINTR
    Io = 5,                 // EIO
    NoDeviceOrAddress = 6,  // ENXIO
    TooBig = 7,             // E2BIG
    BadHandle = 9,          // EBADF
    TryAgain = 11,          // EAGAIN
    OutOfMemory = 12,       // ENOMEM
    AccessDenied = 13,      // EACCES
    Busy = 16,              // EBUSY
    Exists = 17,            // EEXIST
    CrossDevice = 18,       // EXDEV
    NotDirectory = 20,      // ENOTDIR
    IsDirectory = 21,       // EISDIR
    InvalidArgument = 22,   // EINVAL
    TooManyOpenFiles = 24,  // EMFILE
    TextBusy = 26,          // ETXTBSY
    FileTooBig = 27,        // EFBIG
    NoSpace = 28,           // ENOSPC
    IllegalSeek = 29,       // ESPIPE
    ReadOnly = 30,          // EROFS
    TooManyLinks = 31,      // EMLINK
    OutOfRange = 34,        // ERANGE
    NameTooLong = 36,       // ENAMETOOLONG
    NotImplemented = 38,    // ENOSYS
    NotEmpty = 39,          // ENOTEMPTY
    SymlinkLoop = 40,       // ELOOP
    NoData = 61,            // ENODATA (missing xattr)
    Overflow = 75,          // EOVERFLOW
    NotSupported = 95,      // EOPNOTSUPP
    QuotaExceeded = 122,    // EDQUOT
    Stale = 116,            // ESTALE
}
