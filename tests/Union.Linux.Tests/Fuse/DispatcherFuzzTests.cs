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

    /// <summary>Real names of the union fixture and every kind of hostile one.</summary>
    private static readonly string[] UnionNames =
    [
        "file", "dir", "esc", "hard", "new", "user.x", "trusted.overlay.opaque", "user.unionfs.origin", "", ".", "..",
        "a/b", "../..", ".wh.file", ".wh..wh..opq", new string('n', 255), new string('n', 256), "\u00e9", "x\u0000y",
    ];

    [Fact]
    public void Random_requests_never_throw_and_get_well_formed_answers()
    {
        var rng = new Random(20261127);
        var fs = new FakeFileSystem();
        var d = Initialized(fs, new FuseSessionOptions { Log = _ => { } });
        var reply = new byte[64 * 1024];
        for (int i = 0; i < 5000; i++)
        {
            byte[] req = RandomRequest(rng, Names, 4, out FuseOpcode op);
            AssertWellFormed(d, req, op, reply, i);
        }
    }

    [Fact]
    public void Random_requests_to_the_union_adapter_never_throw_and_touch_nothing_outside_the_layers()
    {
        var root = Directory.CreateTempSubdirectory("union-fuzz-").FullName;
        try
        {
            string P(string relative) => Path.Combine(root, relative);
            Directory.CreateDirectory(P("outside"));
            File.WriteAllText(P("outside/sentinel"), "sentinel");
            Directory.CreateDirectory(P("lower/dir/sub"));
            File.WriteAllText(P("lower/file"), "lower file");
            File.WriteAllText(P("lower/dir/sub/deep"), "deep");
            File.CreateSymbolicLink(P("lower/esc"), "../outside");
            File.CreateSymbolicLink(P("lower/dir/abs"), P("outside/sentinel"));
            using (var ln = System.Diagnostics.Process.Start("ln", [P("outside/sentinel"), P("lower/hard")]))
            {
                ln.WaitForExit();
            }
            Directory.CreateDirectory(P("upper"));
            Directory.CreateDirectory(P("work"));
            string Guard(string dir) => string.Join("\n", Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .Select(f => $"{f} {File.GetLastWriteTimeUtc(f).Ticks} {(File.Exists(f) ? File.ReadAllText(f) : "")}"));
            string outside = Guard(P("outside")), lower = Guard(P("lower"));

            var options = new Union.Core.UnionOptions { Lowers = [P("lower")], Upper = P("upper"), Work = P("work") };
            using (var union = Union.Core.UnionFileSystem.Open(options))
            {
                var d = Initialized(new UnionFuseAdapter(union, new UnionFuseOptions()), new FuseSessionOptions { Log = _ => { } });
                var reply = new byte[64 * 1024];
                var rng = new Random(20261128);
                var answered = new HashSet<FuseOpcode>();
                for (int i = 0; i < 4000; i++)
                {
                    byte[] req = rng.Next(2) == 0
                        ? NamedRequest(rng, UnionNames, 12, out FuseOpcode op)
                        : RandomRequest(rng, UnionNames, 12, out op);
                    if (AssertWellFormed(d, req, op, reply, i) is { } ok) answered.Add(ok);
                }
                // The fuzz reaches the engine, not only the decoder's guards.
                Assert.Superset(new HashSet<FuseOpcode>
                {
                    FuseOpcode.FUSE_LOOKUP, FuseOpcode.FUSE_GETATTR, FuseOpcode.FUSE_MKDIR, FuseOpcode.FUSE_CREATE,
                    FuseOpcode.FUSE_RENAME, FuseOpcode.FUSE_SYMLINK, FuseOpcode.FUSE_UNLINK, FuseOpcode.FUSE_OPEN,
                }, answered);
            }
            Assert.Equal(outside, Guard(P("outside")));
            Assert.Equal(lower, Guard(P("lower")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Checks the reply's shape; returns the opcode when it succeeded, null otherwise.</summary>
    private static FuseOpcode? AssertWellFormed(FuseDispatcher d, byte[] req, FuseOpcode op, byte[] reply, int i)
    {
        int n = d.Dispatch(req, reply, out _);
        if (op is FuseOpcode.FUSE_FORGET or FuseOpcode.FUSE_BATCH_FORGET or FuseOpcode.FUSE_NOTIFY_REPLY || req.Length < 40)
        {
            Assert.Equal(0, n);
            return null;
        }
        Assert.True(n >= 16, $"iteration {i}: {op} got no reply");
        var h = MemoryMarshal.Read<fuse_out_header>(reply);
        Assert.Equal((uint)n, h.len);
        Assert.Equal(BitConverter.ToUInt64(req, 8), h.unique);
        Assert.InRange(h.error, -4095, 0);
        if (h.error != 0)
        {
            Assert.Equal(16, n);
            return null;
        }
        int expected = ExpectedPayload(op);
        if (expected >= 0)
        {
            Assert.Equal(expected, n - 16);
        }
        return op;
    }

    /// <summary>Well-formed requests that carry names (hostile ones included), so the engine sees them.</summary>
    private static byte[] NamedRequest(Random rng, string[] names, int maxNode, out FuseOpcode op)
    {
        ulong node = (ulong)rng.Next(1, maxNode), other = (ulong)rng.Next(1, maxNode), unique = (ulong)rng.NextInt64(1, long.MaxValue);
        byte[] A() => Name(names[rng.Next(names.Length)]);
        (FuseOpcode, byte[][]) request = rng.Next(12) switch
        {
            0 => (FuseOpcode.FUSE_LOOKUP, [A()]),
            1 => (FuseOpcode.FUSE_MKDIR, [Struct(new fuse_mkdir_in { mode = 0x1ED }), A()]),
            2 => (FuseOpcode.FUSE_CREATE, [Struct(new fuse_create_in { flags = 0x42, mode = 0x81A4 }), A()]),
            3 => (FuseOpcode.FUSE_MKNOD, [Struct(new fuse_mknod_in { mode = 0x81A4 }), A()]),
            4 => (FuseOpcode.FUSE_UNLINK, [A()]),
            5 => (FuseOpcode.FUSE_RMDIR, [A()]),
            6 => (FuseOpcode.FUSE_RENAME, [Struct(new fuse_rename_in { newdir = other }), A(), A()]),
            7 => (FuseOpcode.FUSE_RENAME2, [Struct(new fuse_rename2_in { newdir = other, flags = (uint)rng.Next(3) }), A(), A()]),
            8 => (FuseOpcode.FUSE_SYMLINK, [A(), rng.Next(2) == 0 ? A() : Name("../../outside/sentinel")]),
            9 => (FuseOpcode.FUSE_LINK, [Struct(new fuse_link_in { oldnodeid = other }), A()]),
            10 => (FuseOpcode.FUSE_OPEN, [Struct(new fuse_open_in { flags = (uint)new[] { 0, 1, 2, 0x202, 0x401 }[rng.Next(5)] })]),
            _ => (FuseOpcode.FUSE_GETATTR, [Struct(new fuse_getattr_in())]),
        };
        op = request.Item1;
        return Build(op, node, unique, request.Item2);
    }

    private static int ExpectedPayload(FuseOpcode op) => op switch
    {
        FuseOpcode.FUSE_LOOKUP => 128,
        FuseOpcode.FUSE_WRITE => 8,
        FuseOpcode.FUSE_DESTROY => 0,
        FuseOpcode.FUSE_INIT => -1,
        _ => -1,
    };

    private static byte[] RandomRequest(Random rng, string[] names, int maxNode, out FuseOpcode op)
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
        int nameCount = rng.Next(0, 3);
        for (int k = 0; k < nameCount; k++)
        {
            body.AddRange(System.Text.Encoding.UTF8.GetBytes(names[rng.Next(names.Length)]));
            if (rng.Next(5) != 0) body.Add(0);
        }
        byte[] req = Build(op, (ulong)rng.Next(0, maxNode), (ulong)rng.NextInt64(1, long.MaxValue), [.. body]);
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
