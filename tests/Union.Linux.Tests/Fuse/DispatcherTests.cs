// Dispatcher round trips on raw bytes, no kernel: INIT negotiation, replies, validation, protocol rules.
using System.Runtime.InteropServices;
using System.Text;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;
using static Union.Linux.Tests.Fuse.FuseRequests;

namespace Union.Linux.Tests.Fuse;

public class DispatcherTests
{
    private static fuse_init_out InitReply(FuseDispatcher d, byte[] initIn, out fuse_out_header h)
    {
        var (header, payload) = Run(d, Build(FuseOpcode.FUSE_INIT, 0, 1, initIn));
        h = header;
        var padded = new byte[64];
        payload.CopyTo(padded, 0);
        return MemoryMarshal.Read<fuse_init_out>(padded);
    }

    [Fact]
    public void Init_with_a_7_45_kernel_negotiates_passthrough_and_drops_writeback()
    {
        var d = new FuseDispatcher(new FakeFileSystem(), new FuseSessionOptions { Passthrough = true, WritebackCache = true, Readdirplus = true });
        fuse_init_out o = InitReply(d, Init(45, Kernel645), out var h);
        Assert.Equal(0, h.error);
        Assert.Equal(16u + 64u, h.len);
        Assert.Equal(7u, o.major);
        Assert.Equal(45u, o.minor);
        var flags = (FuseInitFlags)(o.flags | ((ulong)o.flags2 << 32));
        Assert.True(flags.HasFlag(FuseInitFlags.FUSE_INIT_EXT));
        Assert.True(flags.HasFlag(FuseInitFlags.FUSE_PASSTHROUGH));
        Assert.False(flags.HasFlag(FuseInitFlags.FUSE_WRITEBACK_CACHE));
        Assert.False(flags.HasFlag(FuseInitFlags.FUSE_POSIX_LOCKS));
        Assert.True(flags.HasFlag(FuseInitFlags.FUSE_DO_READDIRPLUS | FuseInitFlags.FUSE_READDIRPLUS_AUTO));
        Assert.True(flags.HasFlag(FuseInitFlags.FUSE_MAX_PAGES | FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_PARALLEL_DIROPS));
        Assert.Equal(1u, o.max_stack_depth);
        Assert.Equal(256, o.max_pages);
        Assert.Equal(1u << 20, o.max_write);
        Assert.Equal(1u, o.time_gran);
        Assert.Equal(128u * 1024, o.max_readahead);
        Assert.True(d.Connection!.Passthrough);
    }

    [Fact]
    public void Init_without_passthrough_offers_writeback_cache_and_no_flags2()
    {
        var d = new FuseDispatcher(new FakeFileSystem(), new FuseSessionOptions { WritebackCache = true });
        fuse_init_out o = InitReply(d, Init(45, Kernel645), out _);
        var flags = (FuseInitFlags)o.flags;
        Assert.True(flags.HasFlag(FuseInitFlags.FUSE_WRITEBACK_CACHE));
        Assert.False(flags.HasFlag(FuseInitFlags.FUSE_INIT_EXT));
        Assert.Equal(0u, o.flags2);
        Assert.Equal(0u, o.max_stack_depth);
    }

    [Fact]
    public void Init_with_a_7_31_kernel_accepts_the_short_init_in_and_ignores_flags2()
    {
        var fs = new FakeFileSystem();
        var d = new FuseDispatcher(fs, new FuseSessionOptions { Passthrough = true });
        // 7.31 offers no INIT_EXT; the bytes past 16 are absent on the wire.
        var offer = (FuseInitFlags)0x03FFFFFBUL & ~FuseInitFlags.FUSE_INIT_EXT;
        fuse_init_out o = InitReply(d, Init(31, offer, shortForm: true), out var h);
        Assert.Equal(0, h.error);
        Assert.Equal(31u, o.minor);
        Assert.Equal(0u, o.flags2);
        Assert.False(((FuseInitFlags)o.flags).HasFlag(FuseInitFlags.FUSE_INIT_EXT));
        Assert.False(d.Connection!.Passthrough);
        Assert.Equal(31u, d.Connection.Minor);
    }

    [Fact]
    public void Init_hook_can_change_the_wanted_features()
    {
        // Lock and splice capabilities are dropped: their opcodes are not implemented by this layer.
        var fs = new FakeFileSystem { WantOverride = FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_CACHE_SYMLINKS
            | FuseInitFlags.FUSE_POSIX_LOCKS | FuseInitFlags.FUSE_SPLICE_READ };
        var d = new FuseDispatcher(fs, new FuseSessionOptions());
        fuse_init_out o = InitReply(d, Init(45, Kernel645), out _);
        Assert.Equal((uint)(FuseInitFlags.FUSE_ASYNC_READ | FuseInitFlags.FUSE_CACHE_SYMLINKS), o.flags);
        // Without MAX_PAGES the kernel caps max_write at 32 pages.
        Assert.Equal(32u * 4096, o.max_write);
    }

    [Fact]
    public void Init_rejects_a_foreign_major_and_a_short_body()
    {
        var d = new FuseDispatcher(new FakeFileSystem(), new FuseSessionOptions());
        var old = Init(45, Kernel645);
        old[0] = 6;
        Assert.Equal(-Errno.EPROTO, Run(d, Build(FuseOpcode.FUSE_INIT, 0, 1, old)).Header.error);
        Assert.Equal(-Errno.EINVAL, Run(d, Build(FuseOpcode.FUSE_INIT, 0, 2, new byte[8])).Header.error);
        Assert.Null(d.Connection);
    }

    [Fact]
    public void Requests_before_init_get_EIO()
    {
        var d = new FuseDispatcher(new FakeFileSystem(), new FuseSessionOptions());
        Assert.Equal(-Errno.EIO, Run(d, Build(FuseOpcode.FUSE_LOOKUP, 1, 5, Name("a"))).Header.error);
    }

    [Fact]
    public void Lookup_reply_carries_the_entry_bytes()
    {
        var d = Initialized(new FakeFileSystem());
        var (h, payload) = Run(d, Build(FuseOpcode.FUSE_LOOKUP, 1, 99, Name("a")));
        Assert.Equal(0, h.error);
        Assert.Equal(99ul, h.unique);
        Assert.Equal(16u + 128u, h.len);
        var e = MemoryMarshal.Read<fuse_entry_out>(payload);
        Assert.Equal(2ul, e.nodeid);
        Assert.Equal(7ul, e.generation);
        Assert.Equal(0x81a4u, e.attr.mode);
        Assert.Equal(3ul, BitConverter.ToUInt64(payload, 40 + 8));
        Assert.Equal(-Errno.ENOENT, Run(d, Build(FuseOpcode.FUSE_LOOKUP, 1, 100, Name("zz"))).Header.error);
    }

    [Fact]
    public void Truncated_or_malformed_requests_get_EINVAL()
    {
        var d = Initialized(new FakeFileSystem());
        // Name without its NUL.
        Assert.Equal(-Errno.EINVAL, Run(d, Build(FuseOpcode.FUSE_LOOKUP, 1, 3, "a"u8.ToArray())).Header.error);
        // READ body shorter than fuse_read_in.
        Assert.Equal(-Errno.EINVAL, Run(d, Build(FuseOpcode.FUSE_READ, 2, 4, new byte[20])).Header.error);
        // header.len larger than what was read.
        byte[] req = Build(FuseOpcode.FUSE_GETATTR, 1, 5, new byte[16]);
        BitConverter.GetBytes((uint)(req.Length + 100)).CopyTo(req, 0);
        Assert.Equal(-Errno.EINVAL, Run(d, req).Header.error);
        // WRITE claiming more data than present.
        var w = new fuse_write_in { size = 1000 };
        Assert.Equal(-Errno.EINVAL, Run(d, Build(FuseOpcode.FUSE_WRITE, 2, 6, Struct(w), new byte[10])).Header.error);
        // READ asking for more than the reply buffer holds.
        var r = new fuse_read_in { size = 1 << 20 };
        Assert.Equal(-Errno.EINVAL, Run(d, Build(FuseOpcode.FUSE_READ, 2, 7, Struct(r)), replySize: 4096).Header.error);
        // total_extlen pointing past the body.
        byte[] ext = Build(FuseOpcode.FUSE_LOOKUP, 1, 8, Name("a"));
        BitConverter.GetBytes((ushort)10).CopyTo(ext, 36);
        Assert.Equal(-Errno.EINVAL, Run(d, ext).Header.error);
    }

    [Fact]
    public void Unknown_opcodes_and_interrupt_get_ENOSYS()
    {
        var d = Initialized(new FakeFileSystem());
        Assert.Equal(-Errno.ENOSYS, Run(d, Build((FuseOpcode)9999, 1, 3)).Header.error);
        Assert.Equal(-Errno.ENOSYS, Run(d, Build(FuseOpcode.FUSE_SETLKW, 1, 4, new byte[64])).Header.error);
        Assert.Equal(-Errno.ENOSYS, Run(d, Build(FuseOpcode.FUSE_INTERRUPT, 0, 5, Struct(new fuse_interrupt_in { unique = 3 }))).Header.error);
        Assert.Equal(-Errno.ENOSYS, Run(d, Build(FuseOpcode.FUSE_MKDIR, 1, 6, new byte[8], Name("x"))).Header.error);
    }

    [Fact]
    public void Handler_exception_becomes_EIO_and_one_log_line()
    {
        var lines = new List<string>();
        var d = Initialized(new FakeFileSystem(), new FuseSessionOptions { Log = lines.Add });
        var (h, _) = Run(d, Build(FuseOpcode.FUSE_LOOKUP, 1, 77, Name("boom")));
        Assert.Equal(-Errno.EIO, h.error);
        Assert.Equal(77ul, h.unique);
        Assert.Single(lines);
        Assert.Contains("FUSE_LOOKUP", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Forget_and_batch_forget_get_no_reply()
    {
        var fs = new FakeFileSystem();
        var d = Initialized(fs);
        var reply = new byte[4096];
        Assert.Equal(0, d.Dispatch(Build(FuseOpcode.FUSE_FORGET, 2, 0, Struct(new fuse_forget_in { nlookup = 3 })), reply, out _));
        byte[] batch = Build(FuseOpcode.FUSE_BATCH_FORGET, 0, 0, Struct(new fuse_batch_forget_in { count = 2 }),
            Struct(new fuse_forget_one { nodeid = 2, nlookup = 1 }), Struct(new fuse_forget_one { nodeid = 3, nlookup = 5 }));
        Assert.Equal(0, d.Dispatch(batch, reply, out _));
        // Malformed forgets still get no reply.
        Assert.Equal(0, d.Dispatch(Build(FuseOpcode.FUSE_FORGET, 2, 0), reply, out _));
        Assert.Equal(3, fs.Forgets);
        Assert.Equal(9ul, fs.ForgottenLookups);
    }

    [Fact]
    public void Getxattr_size_zero_reports_the_size_and_too_small_is_ERANGE()
    {
        var d = Initialized(new FakeFileSystem());
        var (h0, p0) = Run(d, Build(FuseOpcode.FUSE_GETXATTR, 2, 1, Struct(new fuse_getxattr_in { size = 0 }), Name("user.x")));
        Assert.Equal(0, h0.error);
        Assert.Equal(16u + 8u, h0.len);
        Assert.Equal((uint)FakeFileSystem.XattrValue.Length, MemoryMarshal.Read<fuse_getxattr_out>(p0).size);

        var (h1, _) = Run(d, Build(FuseOpcode.FUSE_GETXATTR, 2, 2, Struct(new fuse_getxattr_in { size = 2 }), Name("user.x")));
        Assert.Equal(-Errno.ERANGE, h1.error);

        var (h2, p2) = Run(d, Build(FuseOpcode.FUSE_GETXATTR, 2, 3, Struct(new fuse_getxattr_in { size = 64 }), Name("user.x")));
        Assert.Equal(0, h2.error);
        Assert.Equal("hello", Encoding.UTF8.GetString(p2));

        var (h3, p3) = Run(d, Build(FuseOpcode.FUSE_LISTXATTR, 2, 4, Struct(new fuse_getxattr_in { size = 0 })));
        Assert.Equal(7u, MemoryMarshal.Read<fuse_getxattr_out>(p3).size);
        Assert.Equal(0, h3.error);
        Assert.Equal(-Errno.ENODATA, Run(d, Build(FuseOpcode.FUSE_GETXATTR, 2, 5, Struct(new fuse_getxattr_in { size = 64 }), Name("user.y"))).Header.error);
    }

    [Fact]
    public void Setxattr_body_length_follows_the_negotiated_SETXATTR_EXT()
    {
        var seen = new SetxattrProbe();
        var d = Initialized(seen);
        var compat = new byte[8];
        BitConverter.GetBytes(3u).CopyTo(compat, 0);
        var (h, _) = Run(d, Build(FuseOpcode.FUSE_SETXATTR, 2, 1, compat, Name("user.k"), "abc"u8.ToArray()));
        Assert.Equal(0, h.error);
        Assert.Equal("user.k=abc", seen.Last);

        var ext = new SetxattrProbe { WantOverride = FuseInitFlags.FUSE_SETXATTR_EXT };
        var d2 = Initialized(ext);
        var (h2, _) = Run(d2, Build(FuseOpcode.FUSE_SETXATTR, 2, 1, Struct(new fuse_setxattr_in { size = 2, setxattr_flags = 1 }), Name("user.k"), "zz"u8.ToArray()));
        Assert.Equal(0, h2.error);
        Assert.Equal("user.k=zz/1", ext.Last);
    }

    private sealed class SetxattrProbe : FuseFileSystemBase
    {
        public string? Last;
        public FuseInitFlags? WantOverride;

        public override void Init(ref FuseInitConfig config)
        {
            if (WantOverride is { } w) config.Want |= w;
        }

        public override int SetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, uint flags, uint setxattrFlags)
        {
            Last = Encoding.UTF8.GetString(name) + "=" + Encoding.UTF8.GetString(value) + (setxattrFlags != 0 ? "/" + setxattrFlags : "");
            return 0;
        }
    }

    [Fact]
    public void Readdir_packs_8_byte_aligned_records_within_the_requested_size()
    {
        var d = Initialized(new FakeFileSystem());
        // 24+1->32, 24+2->32, 24+9->40, 24+1->32: asking for 100 bytes fits the first two (64) only... and the third needs 104.
        var (h, p) = Run(d, Build(FuseOpcode.FUSE_READDIR, 1, 1, Struct(new fuse_read_in { size = 100 })));
        Assert.Equal(0, h.error);
        Assert.Equal(64, p.Length);
        var first = MemoryMarshal.Read<fuse_dirent>(p);
        Assert.Equal(10ul, first.ino);
        Assert.Equal(1ul, first.off);
        Assert.Equal(1u, first.namelen);
        Assert.Equal((byte)'a', p[24]);
        Assert.Equal(0, p[25]);
        var second = MemoryMarshal.Read<fuse_dirent>(p.AsSpan(32));
        Assert.Equal(2u, second.namelen);

        // Resume from the cookie of the last entry returned.
        var (_, rest) = Run(d, Build(FuseOpcode.FUSE_READDIR, 1, 2, Struct(new fuse_read_in { offset = 2, size = 4096 })));
        Assert.Equal(40 + 32, rest.Length);
        Assert.Equal(0, rest.Length % 8);
        Assert.Equal(9u, MemoryMarshal.Read<fuse_dirent>(rest).namelen);
    }

    [Fact]
    public void Dirent_writer_reports_whether_an_entry_fit()
    {
        var space = new byte[160];
        var w = new FuseDirentWriter(space);
        var entry = new fuse_entry_out { nodeid = 5 };
        entry.attr.ino = 5;
        Assert.True(w.AddPlus(in entry, 1, 4, "x"u8));
        Assert.Equal(160, w.Length);
        Assert.False(w.Add(1, 2, 8, "y"u8));
        Assert.Equal(160, w.Length);
        Assert.Equal(5ul, MemoryMarshal.Read<fuse_direntplus>(space).dirent.ino);
    }

    [Fact]
    public void Read_data_lands_after_the_header_and_write_reports_the_size()
    {
        var d = Initialized(new FakeFileSystem());
        var (h, p) = Run(d, Build(FuseOpcode.FUSE_READ, 2, 1, Struct(new fuse_read_in { size = 4096 })));
        Assert.Equal(0, h.error);
        Assert.Equal("hi\n", Encoding.UTF8.GetString(p));
        var (hw, pw) = Run(d, Build(FuseOpcode.FUSE_WRITE, 2, 2, Struct(new fuse_write_in { size = 5 }), "12345"u8.ToArray()));
        Assert.Equal(0, hw.error);
        Assert.Equal(5u, MemoryMarshal.Read<fuse_write_out>(pw).size);
    }

    [Fact]
    public void Destroy_is_answered_and_ends_the_session()
    {
        var d = Initialized(new FakeFileSystem());
        var reply = new byte[64];
        int n = d.Dispatch(Build(FuseOpcode.FUSE_DESTROY, 0, 9), reply, out bool destroyed);
        Assert.Equal(16, n);
        Assert.True(destroyed);
    }
}
