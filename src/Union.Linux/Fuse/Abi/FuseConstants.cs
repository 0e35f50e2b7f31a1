// Mirrors the small #define families of linux/fuse.h 7.45: FATTR_*, FOPEN_*, RENAME_*, getattr/release/fsync bits.
namespace Union.Linux.Fuse.Abi;

internal static class FuseConstants
{
    public const int FUSE_KERNEL_VERSION = 7;
    public const int FUSE_KERNEL_MINOR_VERSION = 45;
    public const int FUSE_MIN_READ_BUFFER = 8192;
    public const int FUSE_ROOT_ID = 1;

    public const uint FATTR_MODE = 1 << 0;
    public const uint FATTR_UID = 1 << 1;
    public const uint FATTR_GID = 1 << 2;
    public const uint FATTR_SIZE = 1 << 3;
    public const uint FATTR_ATIME = 1 << 4;
    public const uint FATTR_MTIME = 1 << 5;
    public const uint FATTR_FH = 1 << 6;
    public const uint FATTR_ATIME_NOW = 1 << 7;
    public const uint FATTR_MTIME_NOW = 1 << 8;
    public const uint FATTR_LOCKOWNER = 1 << 9;
    public const uint FATTR_CTIME = 1 << 10;
    public const uint FATTR_KILL_SUIDGID = 1 << 11;

    public const uint FOPEN_DIRECT_IO = 1 << 0;
    public const uint FOPEN_KEEP_CACHE = 1 << 1;
    public const uint FOPEN_NONSEEKABLE = 1 << 2;
    public const uint FOPEN_CACHE_DIR = 1 << 3;
    public const uint FOPEN_STREAM = 1 << 4;
    public const uint FOPEN_NOFLUSH = 1 << 5;
    public const uint FOPEN_PARALLEL_DIRECT_WRITES = 1 << 6;
    public const uint FOPEN_PASSTHROUGH = 1 << 7;

    public const uint RENAME_NOREPLACE = 1 << 0;
    public const uint RENAME_EXCHANGE = 1 << 1;
    public const uint RENAME_WHITEOUT = 1 << 2;

    public const uint FUSE_GETATTR_FH = 1 << 0;
    public const uint FUSE_RELEASE_FLUSH = 1 << 0;
    public const uint FUSE_RELEASE_FLOCK_UNLOCK = 1 << 1;
    public const uint FUSE_FSYNC_FDATASYNC = 1 << 0;
    /// <summary>fuse_open_in/fuse_create_in open_flags: an O_TRUNC open by a caller without CAP_FSETID.</summary>
    public const uint FUSE_OPEN_KILL_SUIDGID = 1 << 0;

    public const uint FUSE_WRITE_CACHE = 1 << 0;
    public const uint FUSE_WRITE_LOCKOWNER = 1 << 1;
    public const uint FUSE_WRITE_KILL_SUIDGID = 1 << 2;
    public const uint FUSE_READ_LOCKOWNER = 1 << 1;
    public const uint FUSE_SETXATTR_ACL_KILL_SGID = 1 << 0;
    public const uint FUSE_EXPIRE_ONLY = 1 << 0;
}
