// Applies an operation to a tree through real syscalls and describes the outcome ("ok", "ok <detail>" or an errno).
namespace Union.Cli.Tests.Differential;

using System.Security.Cryptography;

internal static unsafe class OperationRunner
{
    /// <summary>nobody's ids, for runs made as an unprivileged caller.</summary>
    public const uint Nobody = 65534;

    /// <summary>
    /// Applies the operation as <paramref name="uid"/> (with that gid too) on a thread of its own, whose filesystem
    /// identity alone changes: the kernel checks permissions as for that user, FUSE passes that user to the daemon.
    /// </summary>
    public static string ApplyAs(uint? uid, string root, Operation op)
    {
        if (uid is not { } id) return Apply(root, op);
        string result = "";
        var thread = new Thread(() =>
        {
            Sys.setfsgid(id);
            Sys.setfsuid(id);
            result = Apply(root, op);
        });
        thread.Start();
        thread.Join();
        return result;
    }

    public static string Apply(string root, Operation op)
    {
        string path = Path.Combine(root, op.Path);
        string? other = op.Other is null ? null : Path.Combine(root, op.Other);
        switch (op.Kind)
        {
            case OpKind.Create:
                return WithFile(path, Sys.O_WRONLY | Sys.O_CREAT | Sys.O_EXCL, (uint)op.Number, _ => "ok");
            case OpKind.Write:
                return WithFile(path, Sys.O_WRONLY, 0, fd => WriteBytes(fd, op, offset: op.Number));
            case OpKind.Append:
                return WithFile(path, Sys.O_WRONLY | Sys.O_APPEND, 0, fd => WriteBytes(fd, op, offset: -1));
            case OpKind.Read:
                return WithFile(path, 0, 0, ReadHash);
            case OpKind.Truncate:
                return Sys.Result(Sys.truncate(path, op.Number));
            case OpKind.Unlink:
                return Sys.Result(Sys.unlink(path));
            case OpKind.Mkdir:
                return Sys.Result(Sys.mkdir(path, (uint)op.Number));
            case OpKind.Rmdir:
                return Sys.Result(Sys.rmdir(path));
            case OpKind.Rename:
                return Sys.Result(Sys.renameat2(Sys.AT_FDCWD, path, Sys.AT_FDCWD, other!, (uint)op.Number));
            case OpKind.Symlink:
                return Sys.Result(Sys.symlink(op.Other!, path));
            case OpKind.Link:
                return Sys.Result(Sys.link(path, other!));
            case OpKind.Chmod:
                return Sys.Result(Sys.chmod(path, (uint)op.Number));
            case OpKind.Utimens:
            {
                long* times = stackalloc long[] { op.Number, 0, op.Number + 1, 0 };
                if (Sys.utimensat(Sys.AT_FDCWD, path, times, 0) != 0) return Sys.ErrnoName(Sys.Errno);
                // A symlink's own mtime dates from its creation, which differs between the two runs.
                return Sys.Lstat(path, out var stat) == 0 && !stat.IsSymlink ? $"ok mtime {stat.MtimeNanoseconds}" : "ok";
            }
            case OpKind.SetXattr:
            {
                byte* value = stackalloc byte[1] { (byte)('a' + op.Fill) };
                return Sys.Result(Sys.lsetxattr(path, op.Other!, value, 1, 0));
            }
            case OpKind.ReadDir:
            {
                var (errno, names) = Sys.ReadDirectory(path);
                return errno != 0 ? Sys.ErrnoName(errno) : "ok " + string.Join(',', names);
            }
            case OpKind.Stat:
            {
                int errno = Sys.Lstat(path, out var stat);
                return errno != 0 ? Sys.ErrnoName(errno) : $"ok {stat.Type} {Convert.ToString(stat.Mode & 0xFFF, 8)} " +
                    $"size {(stat.IsDirectory ? "-" : stat.Size)} nlink {stat.Nlink}";
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    private static string WithFile(string path, int flags, uint mode, Func<int, string> body)
    {
        // O_CLOEXEC: a process another test starts meanwhile must not inherit the fd and keep the mount busy.
        int fd = Sys.open(path, flags | Sys.O_CLOEXEC, mode);
        if (fd < 0) return Sys.ErrnoName(Sys.Errno);
        try { return body(fd); }
        finally { Sys.close(fd); }
    }

    private static string WriteBytes(int fd, Operation op, long offset)
    {
        var data = new byte[op.Length];
        Array.Fill(data, op.Fill);
        fixed (byte* p = data)
        {
            nint n = offset < 0 ? Sys.write(fd, p, (nuint)data.Length) : Sys.pwrite(fd, p, (nuint)data.Length, offset);
            return n < 0 ? Sys.ErrnoName(Sys.Errno) : $"ok {n}";
        }
    }

    private static string ReadHash(int fd)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte* buffer = stackalloc byte[65536];
        while (true)
        {
            nint n = Sys.read(fd, buffer, 65536);
            if (n < 0) return Sys.ErrnoName(Sys.Errno);
            if (n == 0) break;
            hash.AppendData(new ReadOnlySpan<byte>(buffer, (int)n));
        }
        return "ok " + Convert.ToHexString(hash.GetHashAndReset())[..12];
    }
}
