// Extended attributes: on an open directory through its fd, on an entry through /proc/self/fd/N/name with the
// l* (no-follow) calls, so the last component is never followed.
namespace Union.Core.Host.Linux;

using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Union.Core.Host.Linux.Interop;

public sealed unsafe partial class LinuxHost
{
    private static bool UsesFd(HostDirectory dir, string? name) => name is null && !IsPathOnly(dir);

    // An xattr call goes through the directory's fd (no name) or through a /proc path to the entry.
    private static int Fd(HostDirectory dir, string? name) => UsesFd(dir, name) ? dir.Fd : -1;
    private static string? PathOf(HostDirectory dir, string? name) => UsesFd(dir, name) ? null : EntryPath(dir, name);

    // Directories opened with O_PATH (unreadable ones) cannot take f*xattr calls.
    private static bool IsPathOnly(HostDirectory dir) => false;

    public FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length) =>
        GetXattrAt(Fd(dir, name), PathOf(dir, name), attribute, value, out length);

    public FsError GetXattr(SafeFileHandle file, string attribute, Span<byte> value, out int length) =>
        GetXattrAt((int)file.DangerousGetHandle(), null, attribute, value, out length);

    public FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags) =>
        SetXattrAt(Fd(dir, name), PathOf(dir, name), attribute, value, flags);

    public FsError SetXattr(SafeFileHandle file, string attribute, ReadOnlySpan<byte> value, int flags) =>
        SetXattrAt((int)file.DangerousGetHandle(), null, attribute, value, flags);

    public FsError RemoveXattr(HostDirectory dir, string? name, string attribute) =>
        RemoveXattrAt(Fd(dir, name), PathOf(dir, name), attribute);

    public FsError RemoveXattr(SafeFileHandle file, string attribute) =>
        RemoveXattrAt((int)file.DangerousGetHandle(), null, attribute);

    public FsError ListXattr(HostDirectory dir, string? name, List<string> into) =>
        ListXattrAt(Fd(dir, name), PathOf(dir, name), into);

    public FsError ListXattr(SafeFileHandle file, List<string> into) =>
        ListXattrAt((int)file.DangerousGetHandle(), null, into);

    // Each call takes an fd (path null) or a /proc path to an entry (no-follow l* variants).

    private static FsError GetXattrAt(int fd, string? path, string attribute, Span<byte> value, out int length)
    {
        length = 0;
        fixed (byte* p = value)
        {
            nint n = path is null
                ? Libc.fgetxattr(fd, attribute, p, (nuint)value.Length)
                : Libc.lgetxattr(path, attribute, p, (nuint)value.Length);
            if (n < 0) return LastError();
            length = (int)n;
        }
        return FsError.None;
    }

    private static FsError SetXattrAt(int fd, string? path, string attribute, ReadOnlySpan<byte> value, int flags)
    {
        fixed (byte* p = value)
        {
            int r = path is null
                ? Libc.fsetxattr(fd, attribute, p, (nuint)value.Length, flags)
                : Libc.lsetxattr(path, attribute, p, (nuint)value.Length, flags);
            return r == 0 ? FsError.None : LastError();
        }
    }

    private static FsError RemoveXattrAt(int fd, string? path, string attribute)
    {
        int r = path is null ? Libc.fremovexattr(fd, attribute) : Libc.lremovexattr(path, attribute);
        return r == 0 ? FsError.None : LastError();
    }

    private static FsError ListXattrAt(int fd, string? path, List<string> into)
    {
        for (int size = 4096; size <= 1 << 20; size *= 4)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                nint n;
                fixed (byte* p = buffer)
                    n = path is null ? Libc.flistxattr(fd, p, (nuint)size) : Libc.llistxattr(path, p, (nuint)size);
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
