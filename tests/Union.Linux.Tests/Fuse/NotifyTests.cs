// Unsolicited notification bytes, captured through a socketpair standing in for /dev/fuse.
using System.Runtime.InteropServices;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Tests.Fuse;

public unsafe class NotifyTests
{
    private static byte[] Capture(Func<FuseSession, int> send)
    {
        int* pair = stackalloc int[2];
        Assert.Equal(0, Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, pair));
        using var channel = new FuseChannel(pair[0]);
        try
        {
            using var session = new FuseSession(channel, new FakeFileSystem());
            Assert.Equal(0, send(session));
            var buf = new byte[4096];
            fixed (byte* p = buf)
            {
                nint n = Libc.Read(pair[1], p, (nuint)buf.Length);
                Assert.True(n > 0);
                return buf[..(int)n];
            }
        }
        finally
        {
            Libc.Close(pair[1]);
        }
    }

    [Fact]
    public void Inval_entry_is_header_struct_name_and_nul()
    {
        byte[] m = Capture(s => s.NotifyInvalEntry(1, "hello"u8));
        var h = MemoryMarshal.Read<fuse_out_header>(m);
        Assert.Equal((uint)(16 + 16 + 6), h.len);
        Assert.Equal(m.Length, (int)h.len);
        Assert.Equal(0ul, h.unique);
        Assert.Equal((int)FuseNotifyCode.FUSE_NOTIFY_INVAL_ENTRY, h.error);
        var e = MemoryMarshal.Read<fuse_notify_inval_entry_out>(m.AsSpan(16));
        Assert.Equal(1ul, e.parent);
        Assert.Equal(5u, e.namelen);
        Assert.Equal("hello\0"u8.ToArray(), m[32..]);
    }

    [Fact]
    public void Inval_inode_carries_offset_and_length()
    {
        byte[] m = Capture(s => s.NotifyInvalInode(7, -1, 0));
        var h = MemoryMarshal.Read<fuse_out_header>(m);
        Assert.Equal(40u, h.len);
        Assert.Equal((int)FuseNotifyCode.FUSE_NOTIFY_INVAL_INODE, h.error);
        var i = MemoryMarshal.Read<fuse_notify_inval_inode_out>(m.AsSpan(16));
        Assert.Equal(7ul, i.ino);
        Assert.Equal(-1L, i.off);
        Assert.Equal(0L, i.len);
    }

    [Fact]
    public void Invalid_names_are_refused_before_writing()
    {
        using var channel = new FuseChannel(Libc.Open("/dev/null", Libc.O_RDWR | Libc.O_CLOEXEC, 0));
        using var session = new FuseSession(channel, new FakeFileSystem());
        Assert.Equal(Errno.EINVAL, session.NotifyInvalEntry(1, ""u8));
        Assert.Equal(Errno.EINVAL, session.NotifyInvalEntry(1, "a\0b"u8));
        Assert.Equal(Errno.EINVAL, session.NotifyInvalEntry(1, new byte[1025]));
    }
}
