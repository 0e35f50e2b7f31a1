// Extended attributes: on an open directory through its fd, on an entry through /proc/self/fd/N/name with the
// l* (no-follow) calls, so the last component is never followed.
namespace Union.Core.Host.Linux;

using System.Buffers;
using System.Text;
using Union.Core.Host.Linux.Interop;

public sealed unsafe partial class LinuxHost
{
    private static bool UsesFd(HostDirectory dir, string? name) => name is null && !IsPathOnly(dir);

    // Directories opened with O_PATH (unreadable ones) cannot take f*xattr calls.
    private static bool IsPathOnly(HostDirectory dir) => false;

    public FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length)
    {
        length = 0;
        fixed (byte* p = value)
        {
            nint n = UsesFd(dir, name)
                ? Libc.fgetxattr(dir.Fd, attribute, p, (nuint)value.Length)
                : Libc.lgetxattr(EntryPath(dir, name), attribute, p, (nuint)value.Length);
            if (n < 0) return LastError();
            length = (int)n;
        }
        return FsError.None;
    }

    public FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags)
    {
        fixed (byte* p = value)
        {
            int r = UsesFd(dir, name)
                ? Libc.fsetxattr(dir.Fd, attribute, p, (nuint)value.Length, flags)
                : Libc.lsetxattr(EntryPath(dir, name), attribute, p, (nuint)value.Length, flags);
            return r == 0 ? FsError.None : LastError();
        }
    }

    public FsError RemoveXattr(HostDirectory dir, string? name, string attribute)
    {
        int r = UsesFd(dir, name)
            ? Libc.fremovexattr(dir.Fd, attribute)
            : Libc.lremovexattr(EntryPath(dir, name), attribute);
        return r == 0 ? FsError.None : LastError();
    }

    public FsError ListXattr(HostDirectory dir, string? name, List<string> into)
    {
        string? path = UsesFd(dir, name) ? null : EntryPath(dir, name);
        for (int size = 4096; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                nint n;
                fixed (byte* p = buffer)
                    n = path is null ? Libc.flistxattr(dir.Fd, p, (nuint)size) : Libc.llistxattr(path, p, (nuint)size);
                if (n < 0)
                {
                    if (Libc.Errno == (int)FsError.OutOfRange) continue;
                    return LastError();
                }
                var list = buffer.AsSpan(0, (int)n);
                while (!list.IsEmpty)
                {
                    int end = list.IndexOf((byte)0);
                    if (end < 0) end = list.Length;
                    if (end > 0) into.Add(Encoding.UTF8.GetString(list[..end]));
                    list = end < list.Length ? list[(end + 1)..] : default;
                }
                return FsError.None;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        return FsError.OutOfRange;
    }
}
