// Test helper: builds raw /dev/fuse request bytes and reads replies, as the kernel would see them.
using System.Runtime.InteropServices;
using System.Text;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Tests.Fuse;

internal static class FuseRequests
{
    public static byte[] Build(FuseOpcode op, ulong nodeId, ulong unique, params byte[][] parts)
    {
        int len = 40;
        foreach (byte[] p in parts) len += p.Length;
        var buf = new byte[len];
        var h = new fuse_in_header { len = (uint)len, opcode = (uint)op, unique = unique, nodeid = nodeId, uid = 1000, gid = 1000, pid = 42 };
        MemoryMarshal.Write(buf, in h);
        int at = 40;
        foreach (byte[] p in parts)
        {
            p.CopyTo(buf, at);
            at += p.Length;
        }
        return buf;
    }

    public static byte[] Struct<T>(T value) where T : unmanaged
    {
        var b = new byte[Marshal.SizeOf<T>()];
        MemoryMarshal.Write(b, in value);
        return b;
    }

    public static byte[] Name(string s) => Encoding.UTF8.GetBytes(s + "\0");

    public static byte[] Init(uint minor, FuseInitFlags flags, bool shortForm = false)
    {
        var i = new fuse_init_in
        {
            major = 7,
            minor = minor,
            max_readahead = 128 * 1024,
            flags = (uint)((ulong)flags & 0xFFFFFFFF),
            flags2 = (uint)((ulong)flags >> 32),
        };
        byte[] full = Struct(i);
        return shortForm ? full[..16] : full;
    }

    /// <summary>7.45 kernel offer measured on this machine: flags=0x73fffffb flags2=0x5fd.</summary>
    public const FuseInitFlags Kernel645 = (FuseInitFlags)(0x73fffffbUL | (0x5fdUL << 32));

    public static (fuse_out_header Header, byte[] Payload) Run(FuseDispatcher d, byte[] request, int replySize = 1 << 20)
    {
        var reply = new byte[replySize];
        int n = d.Dispatch(request, reply, out _);
        if (n == 0)
        {
            return (default, []);
        }
        var h = MemoryMarshal.Read<fuse_out_header>(reply);
        Assert.Equal((uint)n, h.len);
        return (h, reply[16..n]);
    }

    public static FuseDispatcher Initialized(IFuseFileSystem fs, FuseSessionOptions? options = null)
    {
        var d = new FuseDispatcher(fs, options ?? new FuseSessionOptions());
        var (h, _) = Run(d, Build(FuseOpcode.FUSE_INIT, 0, 1, Init(45, Kernel645)));
        Assert.Equal(0, h.error);
        return d;
    }
}
