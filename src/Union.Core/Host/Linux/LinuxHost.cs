// The Linux host: every call is relative to an open directory fd with no-follow semantics (openat, statx,
// renameat2, ...), so a symlink or a renamed parent can never take the engine outside a layer.
namespace Union.Core.Host.Linux;

using System.Runtime.Versioning;
using Microsoft.Win32.SafeHandles;
using Union.Core.Host.Linux.Interop;

[SupportedOSPlatform("linux")]
public sealed unsafe partial class LinuxHost : IHostFileSystem
{
    private const int O_RDONLY = 0, O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    private static readonly Action<int> CloseFd = fd => Libc.close(fd);

    public LinuxHost() => RaiseOpenFileLimit();

    /// <summary>Directory handles are kept per cached directory, so take every fd the hard limit allows.</summary>
    private static void RaiseOpenFileLimit()
    {
        Libc.Rlimit limit;
        const int RLIMIT_NOFILE = 7;
        if (Libc.getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max)
        {
            limit.rlim_cur = limit.rlim_max;
            Libc.setrlimit(RLIMIT_NOFILE, &limit);
        }
    }

    internal static FsError LastError()
    {
        int errno = Libc.Errno;
        return Enum.IsDefined((FsError)errno) ? (FsError)errno : FsError.Io;
    }

    private static string EntryPath(HostDirectory dir, string? name) =>
        name is null ? $"/proc/self/fd/{dir.Fd}" : $"/proc/self/fd/{dir.Fd}/{name}";

    public FsError OpenRoot(string path, out HostDirectory? dir)
    {
        dir = null;
        int fd = Libc.openat(Libc.AT_FDCWD, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) return LastError();
        dir = new HostDirectory(fd, System.IO.Path.GetFullPath(path)) { Closer = CloseFd };
        return FsError.None;
    }

    public FsError OpenDirectory(HostDirectory parent, string name, out HostDirectory? dir)
    {
        dir = null;
        int fd = Libc.openat(parent.Fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0 && Libc.Errno == (int)FsError.AccessDenied)
            fd = Libc.openat(parent.Fd, name, Libc.O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (fd < 0)
            return Libc.Errno == (int)FsError.SymlinkLoop ? FsError.NotDirectory : LastError();
        dir = new HostDirectory(fd, parent.Path + "/" + name) { Closer = CloseFd };
        return FsError.None;
    }

    public FsError Stat(HostDirectory dir, string? name, out EntryAttributes attributes) =>
        StatAt(dir.Fd, name, out attributes);

    public FsError StatHandle(SafeFileHandle file, out EntryAttributes attributes) =>
        StatAt((int)file.DangerousGetHandle(), null, out attributes);

    private static FsError StatAt(int fd, string? name, out EntryAttributes attributes)
    {
        Libc.StatxBuffer sx;
        int flags = Libc.AT_SYMLINK_NOFOLLOW | Libc.AT_NO_AUTOMOUNT | (name is null ? Libc.AT_EMPTY_PATH : 0);
        if (Libc.statx(fd, name ?? "", flags, Libc.STATX_BASIC_STATS | Libc.STATX_BTIME, &sx) != 0)
        {
            attributes = default;
            return LastError();
        }
        attributes = new EntryAttributes
        {
            Mode = sx.stx_mode,
            Inode = sx.stx_ino,
            LinkCount = sx.stx_nlink,
            Uid = sx.stx_uid,
            Gid = sx.stx_gid,
            Rdev = MakeDev(sx.stx_rdev_major, sx.stx_rdev_minor),
            Size = (long)sx.stx_size,
            Blocks = (long)sx.stx_blocks,
            BlockSize = sx.stx_blksize,
            AccessTime = new(sx.stx_atime.tv_sec, sx.stx_atime.tv_nsec),
            ModifyTime = new(sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec),
            ChangeTime = new(sx.stx_ctime.tv_sec, sx.stx_ctime.tv_nsec),
            BirthTime = (sx.stx_mask & Libc.STATX_BTIME) != 0
                ? new(sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec)
                : new(sx.stx_mtime.tv_sec, sx.stx_mtime.tv_nsec),
        };
        return FsError.None;
    }

    /// <summary>glibc's makedev encoding, so rdev round-trips through mknod.</summary>
    internal static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) |
        ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    public ulong DeviceOf(HostDirectory dir)
    {
        Libc.StatxBuffer sx;
        if (Libc.statx(dir.Fd, "", Libc.AT_EMPTY_PATH, Libc.STATX_BASIC_STATS, &sx) != 0) return 0;
        return MakeDev(sx.stx_dev_major, sx.stx_dev_minor);
    }

    private const int POSIX_FADV_SEQUENTIAL = 2;

    public FsError Open(HostDirectory dir, string name, OpenMode mode, uint createMode, out SafeFileHandle? file)
    {
        file = null;
        int flags = ((int)mode & ~(int)OpenMode.NoFollow) | O_NOFOLLOW | O_CLOEXEC;
        int fd = Libc.openat(dir.Fd, name, flags, createMode);
        if (fd < 0) return LastError();
        // FUSE has no fadvise request, so the hint cat, cp or tar give their input never reaches the file that
        // passthrough reads from (overlayfs passes it on). Whole-file reads are the common case; the advice only
        // widens readahead once a read pattern is sequential. Without it `cat` of a cold file ran 2.5x slower.
        if ((mode & OpenMode.AccessMask) == OpenMode.ReadOnly) Libc.posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
        file = new SafeFileHandle(fd, ownsHandle: true);
        return FsError.None;
    }

    public FsError OpenUnnamed(HostDirectory dir, OpenMode mode, uint createMode, out SafeFileHandle? file)
    {
        file = null;
        const OpenMode kept = OpenMode.AccessMask | OpenMode.Exclusive | OpenMode.Append | OpenMode.NonBlock | OpenMode.Sync |
            OpenMode.Direct | OpenMode.NoAtime;
        int fd = Libc.openat(dir.Fd, ".", (int)((mode & kept) | OpenMode.TmpFile) | O_CLOEXEC, createMode);
        if (fd < 0) return LastError();
        file = new SafeFileHandle(fd, ownsHandle: true);
        return FsError.None;
    }

    /// <summary>
    /// Through /proc/self/fd with AT_SYMLINK_FOLLOW, as linkat(2) advises for unprivileged callers (AT_EMPTY_PATH would
    /// need CAP_DAC_READ_SEARCH); the magic link names this very file, so nothing outside a layer is reached.
    /// </summary>
    public FsError Link(SafeFileHandle file, HostDirectory toDir, string toName) =>
        Libc.linkat(Libc.AT_FDCWD, $"/proc/self/fd/{file.DangerousGetHandle()}", toDir.Fd, toName, Libc.AT_SYMLINK_FOLLOW) == 0
            ? FsError.None : LastError();

    public FsError CreateDirectory(HostDirectory dir, string name, uint mode) =>
        Libc.mkdirat(dir.Fd, name, mode) == 0 ? FsError.None : LastError();

    public FsError CreateNode(HostDirectory dir, string name, uint mode, ulong rdev) =>
        Libc.mknodat(dir.Fd, name, mode, rdev) == 0 ? FsError.None : LastError();

    public FsError CreateSymlink(HostDirectory dir, string name, string target) =>
        Libc.symlinkat(target, dir.Fd, name) == 0 ? FsError.None : LastError();

    public FsError ReadLink(HostDirectory dir, string name, out string? target)
    {
        target = null;
        Span<byte> buffer = stackalloc byte[4096];
        fixed (byte* p = buffer)
        {
            nint n = Libc.readlinkat(dir.Fd, name, p, (nuint)buffer.Length);
            if (n < 0) return LastError();
            target = System.Text.Encoding.UTF8.GetString(buffer[..(int)n]);
        }
        return FsError.None;
    }

    public FsError Link(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName) =>
        Libc.linkat(fromDir.Fd, fromName, toDir.Fd, toName, 0) == 0 ? FsError.None : LastError();

    public FsError Remove(HostDirectory dir, string name, bool directory) =>
        Libc.unlinkat(dir.Fd, name, directory ? Libc.AT_REMOVEDIR : 0) == 0 ? FsError.None : LastError();

    public FsError Rename(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName, RenameFlags flags) =>
        Libc.renameat2(fromDir.Fd, fromName, toDir.Fd, toName, (uint)flags) == 0 ? FsError.None : LastError();

    public FsError SetMode(HostDirectory dir, string name, uint mode) =>
        Libc.fchmodat(dir.Fd, name, mode & 0xFFF, Libc.AT_SYMLINK_NOFOLLOW) == 0 ? FsError.None : LastError();

    public FsError SetOwner(HostDirectory dir, string name, uint? uid, uint? gid) =>
        Libc.fchownat(dir.Fd, name, uid ?? uint.MaxValue, gid ?? uint.MaxValue, Libc.AT_SYMLINK_NOFOLLOW) == 0
            ? FsError.None : LastError();

    public FsError SetTimes(HostDirectory dir, string? name, TimeChange? access, TimeChange? modify)
    {
        Libc.Timespec* times = stackalloc Libc.Timespec[2];
        times[0] = ToTimespec(access);
        times[1] = ToTimespec(modify);
        return Libc.utimensat(dir.Fd, name ?? ".", times, Libc.AT_SYMLINK_NOFOLLOW) == 0 ? FsError.None : LastError();
    }

    public FsError SetAttributes(SafeFileHandle file, uint? mode, uint? uid, uint? gid, TimeChange? access, TimeChange? modify)
    {
        int fd = (int)file.DangerousGetHandle();
        // Owner first: a chown clears setuid/setgid, which a mode in the same call then sets as asked.
        if ((uid is not null || gid is not null) && Libc.fchown(fd, uid ?? uint.MaxValue, gid ?? uint.MaxValue) != 0)
            return LastError();
        if (mode is { } m && Libc.fchmod(fd, m & 0xFFF) != 0) return LastError();
        if (access is null && modify is null) return FsError.None;
        Libc.Timespec* times = stackalloc Libc.Timespec[2];
        times[0] = ToTimespec(access);
        times[1] = ToTimespec(modify);
        return Libc.futimens(fd, times) == 0 ? FsError.None : LastError();
    }

    private static Libc.Timespec ToTimespec(TimeChange? change) => change switch
    {
        null => new Libc.Timespec { tv_nsec = Libc.UTIME_OMIT },
        { Now: true } => new Libc.Timespec { tv_nsec = Libc.UTIME_NOW },
        { Value: var t } => new Libc.Timespec { tv_sec = t.Seconds, tv_nsec = t.Nanoseconds },
    };

    public FsError Truncate(SafeFileHandle file, long size) =>
        Libc.ftruncate((int)file.DangerousGetHandle(), size) == 0 ? FsError.None : LastError();

    public FsError Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read)
    {
        fixed (byte* p = buffer)
        {
            nint n = Libc.pread((int)file.DangerousGetHandle(), p, (nuint)buffer.Length, offset);
            read = n < 0 ? 0 : (int)n;
            return n < 0 ? LastError() : FsError.None;
        }
    }

    public FsError Write(SafeFileHandle file, ReadOnlySpan<byte> buffer, long offset, out int written)
    {
        fixed (byte* p = buffer)
        {
            nint n = Libc.pwrite((int)file.DangerousGetHandle(), p, (nuint)buffer.Length, offset);
            written = n < 0 ? 0 : (int)n;
            return n < 0 ? LastError() : FsError.None;
        }
    }

    public FsError Allocate(SafeFileHandle file, int mode, long offset, long length) =>
        Libc.fallocate((int)file.DangerousGetHandle(), mode, offset, length) == 0 ? FsError.None : LastError();

    public FsError Seek(SafeFileHandle file, long offset, int whence, out long result)
    {
        result = Libc.lseek((int)file.DangerousGetHandle(), offset, whence);
        return result < 0 ? LastError() : FsError.None;
    }

    public FsError StatFs(HostDirectory dir, out FsStatistics statistics)
    {
        Libc.Statvfs sv;
        statistics = default;
        if (Libc.fstatvfs(dir.Fd, &sv) != 0) return LastError();
        statistics = new FsStatistics
        {
            Blocks = sv.f_blocks, BlocksFree = sv.f_bfree, BlocksAvailable = sv.f_bavail,
            Files = sv.f_files, FilesFree = sv.f_ffree,
            BlockSize = (uint)sv.f_bsize, FragmentSize = (uint)sv.f_frsize, MaxNameLength = (uint)sv.f_namemax,
            ReadOnly = (sv.f_flag & 1) != 0,   // ST_RDONLY
        };
        return FsError.None;
    }

    public FsError Sync(SafeFileHandle file, bool dataOnly)
    {
        int fd = (int)file.DangerousGetHandle();
        return (dataOnly ? Libc.fdatasync(fd) : Libc.fsync(fd)) == 0 ? FsError.None : LastError();
    }

    public FsError SyncDirectory(HostDirectory dir) => Libc.fsync(dir.Fd) == 0 ? FsError.None : LastError();

    /// <summary>Linux filesystems keep no Windows attributes (Stat reports 0, so copy-up never asks).</summary>
    public FsError SetWindowsAttributes(HostDirectory dir, string? name, uint attributes, Timestamp creationTime) => FsError.NotSupported;

    public bool SupportsXattrs => true;
}
