// The libc entry points the Linux host calls: syscalls only, no higher-level wrappers (dotnet/runtime Interop.Sys style).
namespace Union.Core.Host.Linux.Interop;

using System.Runtime.InteropServices;

internal static unsafe partial class Libc
{
    private const string Lib = "libc";

    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_SYMLINK_FOLLOW = 0x400;
    public const int AT_EMPTY_PATH = 0x1000;
    public const int AT_NO_AUTOMOUNT = 0x800;
    public const int O_PATH = 0x200000;

    public static int Errno => Marshal.GetLastPInvokeError();

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int openat(int dirfd, string path, int flags, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buffer, nuint count);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdirat(int dirfd, string path, uint mode);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mknodat(int dirfd, string path, uint mode, ulong dev);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlinkat(string target, int dirfd, string path);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlinkat(int dirfd, string path, byte* buffer, nuint size);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int linkat(int olddirfd, string oldpath, int newdirfd, string newpath, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlinkat(int dirfd, string path, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchmodat(int dirfd, string path, uint mode, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchmod(int fd, uint mode);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fchown(int fd, uint uid, uint gid);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int fchownat(int dirfd, string path, uint uid, uint gid, int flags);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string? path, Timespec* times, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int futimens(int fd, Timespec* times);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fdatasync(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, nint arg);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint copy_file_range(int fdIn, long* offIn, int fdOut, long* offOut, nuint length, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fstatvfs(int fd, Statvfs* buffer);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int getrlimit(int resource, Rlimit* limit);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int setrlimit(int resource, Rlimit* limit);

    [LibraryImport(Lib)]
    public static partial uint geteuid();

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec { public long tv_sec; public long tv_nsec; }

    public const long UTIME_NOW = (1L << 30) - 1;
    public const long UTIME_OMIT = (1L << 30) - 2;

    /// <summary><c>struct statvfs</c> (glibc, x86_64 and arm64), 112 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Statvfs
    {
        public ulong f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_favail, f_fsid, f_flag, f_namemax;
        public int spare0, spare1, spare2, spare3, spare4, spare5;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Rlimit { public ulong rlim_cur; public ulong rlim_max; }
}
