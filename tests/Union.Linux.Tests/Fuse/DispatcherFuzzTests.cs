// Random, truncated and oversized requests: the dispatcher never throws and always answers in protocol shape.
using System.Runtime.InteropServices;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;
using static Union.Linux.Tests.Fuse.FuseRequests;

namespace Union.Linux.Tests.Fuse;

public class DispatcherFuzzTests
{
    private static readonly string[] Names = ["a", "boom", "user.x", "", "zz"];

    [Fact]
    public void Random_requests_never_throw_and_get_well_formed_answers()
    {
        var rng = new Random(20261127);
        var fs = new FakeFileSystem();
        var d = Initialized(fs, new FuseSessionOptions { Log = _ => { } });
        var reply = new byte[64 * 1024];
        for (int i = 0; i < 5000; i++)
        {
            byte[] req = RandomRequest(rng, out FuseOpcode op);
            int n = d.Dispatch(req, reply, out _);
            if (op is FuseOpcode.FUSE_FORGET or FuseOpcode.FUSE_BATCH_FORGET or FuseOpcode.FUSE_NOTIFY_REPLY || req.Length < 40)
            {
                Assert.Equal(0, n);
                continue;
            }
            Assert.True(n >= 16, $"iteration {i}: {op} got no reply");
            var h = MemoryMarshal.Read<fuse_out_header>(reply);
            Assert.Equal((uint)n, h.len);
            Assert.Equal(BitConverter.ToUInt64(req, 8), h.unique);
            Assert.InRange(h.error, -4095, 0);
            if (h.error != 0)
            {
                Assert.Equal(16, n);
                continue;
            }
            int expected = ExpectedPayload(op);
            if (expected >= 0)
            {
                Assert.Equal(expected, n - 16);
            }
        }
    }

    private static int ExpectedPayload(FuseOpcode op) => op switch
    {
        FuseOpcode.FUSE_LOOKUP => 128,
        FuseOpcode.FUSE_WRITE => 8,
        FuseOpcode.FUSE_DESTROY => 0,
        FuseOpcode.FUSE_INIT => -1,
        _ => -1,
    };

    private static byte[] RandomRequest(Random rng, out FuseOpcode op)
    {
        op = (FuseOpcode)(rng.Next(10) == 0 ? (uint)rng.Next(0, 5000) : (uint)rng.Next(1, 54));
        if (op == FuseOpcode.FUSE_DESTROY)
        {
            op = FuseOpcode.FUSE_LOOKUP;
        }
        var body = new List<byte>();
        int structLen = rng.Next(0, 4) switch { 0 => 0, 1 => 8, 2 => 40, _ => rng.Next(0, 100) };
        var s = new byte[structLen];
        rng.NextBytes(s);
        if (structLen >= 8 && rng.Next(2) == 0)
        {
            // Plausible small sizes so some READ/WRITE/GETXATTR requests get past validation.
            BitConverter.GetBytes((uint)rng.Next(0, 64)).CopyTo(s, 0);
            if (structLen >= 20) BitConverter.GetBytes((uint)rng.Next(0, 64)).CopyTo(s, 16);
        }
        body.AddRange(s);
        int names = rng.Next(0, 3);
        for (int k = 0; k < names; k++)
        {
            body.AddRange(System.Text.Encoding.UTF8.GetBytes(Names[rng.Next(Names.Length)]));
            if (rng.Next(5) != 0) body.Add(0);
        }
        byte[] req = Build(op, (ulong)rng.Next(0, 4), (ulong)rng.NextInt64(1, long.MaxValue), [.. body]);
        switch (rng.Next(8))
        {
            case 0: return req[..rng.Next(0, req.Length)]; // truncated read, header len now lies
            case 1: BitConverter.GetBytes((uint)rng.Next()).CopyTo(req, 0); break; // random len
            case 2: BitConverter.GetBytes((ushort)rng.Next(0, 20)).CopyTo(req, 36); break; // extensions
            case 3: return [.. req, .. new byte[rng.Next(1, 64)]]; // more bytes than header.len
        }
        return req;
    }

    [Fact]
    public void Hot_paths_do_not_allocate()
    {
        var d = Initialized(new FakeFileSystem());
        byte[] lookup = Build(FuseOpcode.FUSE_LOOKUP, 1, 2, Name("a"));
        byte[] read = Build(FuseOpcode.FUSE_READ, 2, 3, Struct(new fuse_read_in { size = 4096 }));
        byte[] write = Build(FuseOpcode.FUSE_WRITE, 2, 4, Struct(new fuse_write_in { size = 3 }), "abc"u8.ToArray());
        byte[] getattr = Build(FuseOpcode.FUSE_GETATTR, 2, 5, Struct(new fuse_getattr_in()));
        var reply = new byte[8192];
        for (int i = 0; i < 200; i++) Loop();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Loop();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void Loop()
        {
            d.Dispatch(lookup, reply, out _);
            d.Dispatch(read, reply, out _);
            d.Dispatch(write, reply, out _);
            d.Dispatch(getattr, reply, out _);
        }
    }
}
