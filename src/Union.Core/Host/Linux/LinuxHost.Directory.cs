// Reading a host directory with getdents64 into names and d_type kinds.
namespace Union.Core.Host.Linux;

using System.Buffers;
using System.Text;
using Union.Core.Host.Linux.Interop;

public sealed unsafe partial class LinuxHost
{
    public FsError ReadDirectory(HostDirectory dir, List<HostEntry> into)
    {
        // A fresh fd per listing: getdents64 keeps its position in the open file description.
        int fd = Libc.openat(dir.Fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) return LastError();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    nint n = Libc.getdents64(fd, p, (nuint)buffer.Length);
                    if (n < 0) return LastError();
                    if (n == 0) return FsError.None;
                    for (int pos = 0; pos < n;)
                    {
                        // struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name[]
                        ushort reclen = *(ushort*)(p + pos + 16);
                        byte type = p[pos + 18];
                        var nameSpan = new ReadOnlySpan<byte>(p + pos + 19, reclen - 19);
                        int nul = nameSpan.IndexOf((byte)0);
                        if (nul >= 0) nameSpan = nameSpan[..nul];
                        pos += reclen;
                        if (nameSpan.SequenceEqual("."u8) || nameSpan.SequenceEqual(".."u8)) continue;
                        into.Add(new HostEntry(Encoding.UTF8.GetString(nameSpan), KindOf(type), *(ulong*)(p + pos - reclen)));
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            Libc.close(fd);
        }
    }

    private static FileKind KindOf(byte dtype) => dtype switch
    {
        1 => FileKind.Fifo,
        2 => FileKind.CharDevice,
        4 => FileKind.Directory,
        6 => FileKind.BlockDevice,
        8 => FileKind.Regular,
        10 => FileKind.Symlink,
        12 => FileKind.Socket,
        _ => FileKind.None,
    };
}
