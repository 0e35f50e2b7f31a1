// The syscalls the differential tests make against a mounted tree, each returning 0 or an errno name's number.
namespace Union.Cli.Tests.Differential;

using System.Runtime.InteropServices;

internal static unsafe partial class Sys
{
    private const string Lib = "libc";
    public const int O_WRONLY = 0x1, O_RDWR = 0x2, O_CREAT = 0x40, O_EXCL = 0x80, O_TRUNC = 0x200, O_APPEND = 0x400,
        O_DIRECTORY = 0x10000, O_NOFOLLOW = 0x20000, O_CLOEXEC = 0x80000;
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;
    public const uint RENAME_NOREPLACE = 1, RENAME_EXCHANGE = 2;

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, uint mode);
    // Per thread (glibc does not broadcast these): a non-zero fsuid also drops the thread's filesystem capabilities.
    [LibraryImport(Lib)]
    public static partial int setfsuid(uint fsuid);
    [LibraryImport(Lib)]
    public static partial int setfsgid(uint fsgid);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nuint count);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nuint count);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int fsync(int fd);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int truncate(string path, long length);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlink(string path);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rmdir(string path);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlink(string target, string path);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int link(string oldpath, string newpath);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, long* times, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lsetxattr(string path, string name, byte* value, nuint size, int flags);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint lgetxattr(string path, string name, byte* value, nuint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llistxattr(string path, byte* list, nuint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint readlink(string path, byte* buffer, nuint size);
    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buffer, nuint count);

    public static int Errno => Marshal.GetLastPInvokeError();

    /// <summary>"ok" or the errno's symbolic name, so results read well in a failure message.</summary>
    public static string Result(long returned) => returned >= 0 ? "ok" : ErrnoName(Errno);

    public static string ErrnoName(int errno) => errno switch
    {
        1 => "EPERM", 2 => "ENOENT", 5 => "EIO", 9 => "EBADF", 13 => "EACCES", 16 => "EBUSY", 17 => "EEXIST",
        18 => "EXDEV", 20 => "ENOTDIR", 21 => "EISDIR", 22 => "EINVAL", 26 => "ETXTBSY", 27 => "EFBIG", 28 => "ENOSPC",
        30 => "EROFS", 36 => "ENAMETOOLONG", 39 => "ENOTEMPTY", 40 => "ELOOP", 61 => "ENODATA", 95 => "EOPNOTSUPP",
        116 => "ESTALE", _ => "E" + errno,
    };

    /// <summary>lstat through statx: the fields the trees are compared on.</summary>
    public static int Lstat(string path, out EntryStat stat)
    {
        byte* b = stackalloc byte[256];
        stat = default;
        if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, 0xFFF, b) != 0) return Errno;
        stat = new EntryStat(*(uint*)(b + 16), *(ushort*)(b + 28), *(ulong*)(b + 32), *(long*)(b + 40), *(long*)(b + 112) * 1_000_000_000 + *(uint*)(b + 120),
            *(uint*)(b + 20), *(uint*)(b + 24));
        return 0;
    }

    public static string? ReadLink(string path)
    {
        byte* b = stackalloc byte[4096];
        nint n = readlink(path, b, 4096);
        return n < 0 ? null : System.Text.Encoding.UTF8.GetString(b, (int)n);
    }

    /// <summary>The user.* xattrs of an entry (not following symlinks), sorted, as "name=value".</summary>
    public static List<string> UserXattrs(string path)
    {
        var result = new List<string>();
        byte* list = stackalloc byte[8192];
        nint n = llistxattr(path, list, 8192);
        if (n <= 0) return result;
        byte* value = stackalloc byte[4096];
        foreach (var name in System.Text.Encoding.UTF8.GetString(list, (int)n).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!name.StartsWith("user.", StringComparison.Ordinal)) continue;
            nint m = lgetxattr(path, name, value, 4096);
            result.Add(name + "=" + (m < 0 ? ErrnoName(Errno) : System.Text.Encoding.UTF8.GetString(value, (int)m)));
        }
        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Names in a directory (no "." or ".."), sorted; or the errno of opening or reading it.</summary>
    public static (int Errno, List<string> Names) ReadDirectory(string path)
    {
        var names = new List<string>();
        int fd = open(path, O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) return (Errno, names);
        byte* buffer = stackalloc byte[16384];
        try
        {
            while (true)
            {
                nint n = getdents64(fd, buffer, 16384);
                if (n < 0) return (Errno, names);
                if (n == 0) break;
                for (nint pos = 0; pos < n;)
                {
                    ushort reclen = *(ushort*)(buffer + pos + 16);
                    var name = Marshal.PtrToStringUTF8((nint)(buffer + pos + 19))!;
                    if (name is not ("." or "..")) names.Add(name);
                    pos += reclen;
                }
            }
        }
        finally { close(fd); }
        names.Sort(StringComparer.Ordinal);
        return (0, names);
    }
}

/// <summary>The part of statx the comparisons use.</summary>
internal readonly record struct EntryStat(uint Nlink, ushort Mode, ulong Ino, long Size, long MtimeNanoseconds, uint Uid, uint Gid)
{
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;
    public bool IsRegular => (Mode & 0xF000) == 0x8000;
    public bool IsSymlink => (Mode & 0xF000) == 0xA000;

    public char Type => (Mode & 0xF000) switch
    {
        0x4000 => 'd', 0x8000 => 'f', 0xA000 => 'l', 0x2000 => 'c', 0x1000 => 'p', 0xC000 => 's', _ => '?',
    };
}
