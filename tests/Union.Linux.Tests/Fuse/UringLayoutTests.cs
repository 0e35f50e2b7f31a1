// FUSE over io_uring without a kernel: the ABI mirrors, the INIT flag, and the adapter between the ring entry's
// split layout (header / op_in / payload) and the contiguous message the dispatcher reads and writes.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Fuse.Uring;
using Union.Linux.Interop;
using static Union.Linux.Tests.Fuse.FuseRequests;

namespace Union.Linux.Tests.Fuse;

public unsafe class UringLayoutTests
{
    private static int Off<T>(string field) => (int)Marshal.OffsetOf<T>(field);

    [Fact]
    public void Fuse_uring_structs_match_the_kernel_header()
    {
        Assert.Equal(32, Unsafe.SizeOf<fuse_uring_ent_in_out>());
        Assert.Equal([0, 8, 16, 20, 24], new[] { "flags", "commit_id", "payload_sz", "padding", "reserved" }.Select(Off<fuse_uring_ent_in_out>));
        Assert.Equal(288, Unsafe.SizeOf<fuse_uring_req_header>());
        Assert.Equal([0, 128, 256], new[] { "in_out", "op_in", "ring_ent_in_out" }.Select(Off<fuse_uring_req_header>));
        Assert.Equal(24, Unsafe.SizeOf<fuse_uring_cmd_req>());
        Assert.Equal([0, 8, 16, 18], new[] { "flags", "commit_id", "qid", "padding" }.Select(Off<fuse_uring_cmd_req>));
        Assert.True(Unsafe.SizeOf<fuse_uring_cmd_req>() <= 80, "must fit the SQE128 command area");
        Assert.Equal(1u, (uint)fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER);
        Assert.Equal(2u, (uint)fuse_uring_cmd.FUSE_IO_URING_CMD_COMMIT_AND_FETCH);
        Assert.Equal(1UL << 41, (ulong)FuseInitFlags.FUSE_OVER_IO_URING);
    }

    [Fact]
    public void Io_uring_structs_match_linux_io_uring_h()
    {
        Assert.Equal(120, Unsafe.SizeOf<Libc.io_uring_params>());
        Assert.Equal([20, 24, 40, 80], new[] { "features", "wq_fd", "sq_off", "cq_off" }.Select(Off<Libc.io_uring_params>));
        Assert.Equal(40, Unsafe.SizeOf<Libc.io_sqring_offsets>());
        Assert.Equal(24, Off<Libc.io_sqring_offsets>("array"));
        Assert.Equal(40, Unsafe.SizeOf<Libc.io_cqring_offsets>());
        Assert.Equal(20, Off<Libc.io_cqring_offsets>("cqes"));
        Assert.Equal(64, Unsafe.SizeOf<Libc.io_uring_sqe>());
        Assert.Equal([4, 8, 16, 24, 28, 32, 48], new[] { "fd", "off", "addr", "len", "op_flags", "user_data", "addr3" }.Select(Off<Libc.io_uring_sqe>));
        Assert.Equal(16, Unsafe.SizeOf<Libc.io_uring_cqe>());
        Assert.Equal(8, Off<Libc.io_uring_cqe>("res"));
    }

    [Theory]
    [InlineData(true, true, true)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    public void Init_echoes_FUSE_OVER_IO_URING_only_when_asked_and_offered(bool asked, bool offered, bool echoed)
    {
        var offer = Kernel645 | (offered ? FuseInitFlags.FUSE_OVER_IO_URING : 0);
        var d = new FuseDispatcher(new FakeFileSystem(), new FuseSessionOptions { IoUring = asked ? IoUringUse.WhenOffered : IoUringUse.Never });
        var (h, payload) = Run(d, Build(FuseOpcode.FUSE_INIT, 0, 1, Init(45, offer)));
        Assert.Equal(0, h.error);
        var o = MemoryMarshal.Read<fuse_init_out>(payload);
        var flags = (FuseInitFlags)(o.flags | ((ulong)o.flags2 << 32));
        Assert.Equal(echoed, flags.HasFlag(FuseInitFlags.FUSE_OVER_IO_URING));
        Assert.Equal(echoed, d.Connection!.Has(FuseInitFlags.FUSE_OVER_IO_URING));
        if (echoed)
        {
            Assert.True(flags.HasFlag(FuseInitFlags.FUSE_INIT_EXT), "flags2 is only read with FUSE_INIT_EXT");
        }
    }

    [Fact]
    public void A_ring_request_is_rebuilt_contiguously_and_its_reply_split_back()
    {
        using var entry = new FuseUringEntry(FuseUringTransport.PayloadSize(1 << 20));
        // Play the kernel: fuse_in_header -> in_out, fuse_write_in -> op_in, the data -> payload.
        var write = new fuse_write_in { fh = 9, offset = 4096, size = 5 };
        byte[] expected = Build(FuseOpcode.FUSE_WRITE, 2, 77, Struct(write), "hello"u8.ToArray());
        Fill(entry, expected, opLength: Unsafe.SizeOf<fuse_write_in>(), commitId: 77);

        Assert.Equal(77ul, entry.CommitId);
        Assert.True(entry.TryGetRequest(out ReadOnlySpan<byte> request));
        Assert.Equal(expected, request.ToArray());

        var d = Initialized(new FakeFileSystem());
        var reply = new byte[16 + entry.PayloadSize];
        int n = d.Dispatch(request, reply, out _);
        entry.SetReply(reply.AsSpan(0, n));
        var header = (fuse_uring_req_header*)entry.Buffers[0].iov_base;
        var oh = Unsafe.ReadUnaligned<fuse_out_header>(header->in_out);
        Assert.Equal(0, oh.error);
        Assert.Equal(77ul, oh.unique);
        Assert.Equal((uint)Unsafe.SizeOf<fuse_write_out>(), header->ring_ent_in_out.payload_sz);
        Assert.Equal(5u, Unsafe.ReadUnaligned<fuse_write_out>(entry.Buffers[1].iov_base).size);
    }

    [Fact]
    public void A_name_only_request_has_an_empty_op_in_and_an_error_reply_has_no_payload()
    {
        using var entry = new FuseUringEntry(FuseUringTransport.PayloadSize(4096));
        byte[] lookup = Build(FuseOpcode.FUSE_LOOKUP, 1, 5, Name("zz"));
        Fill(entry, lookup, opLength: 0, commitId: 5);
        Assert.True(entry.TryGetRequest(out ReadOnlySpan<byte> request));
        Assert.Equal(lookup, request.ToArray());

        entry.SetError(Errno.ENOENT);
        var header = (fuse_uring_req_header*)entry.Buffers[0].iov_base;
        var oh = Unsafe.ReadUnaligned<fuse_out_header>(header->in_out);
        Assert.Equal((-Errno.ENOENT, 5ul, 0u), (oh.error, oh.unique, header->ring_ent_in_out.payload_sz));
    }

    [Theory]
    [InlineData(30, 0)]        // len shorter than fuse_in_header
    [InlineData(40, 8)]        // payload_sz larger than len allows
    [InlineData(40 + 200, 0)]  // op_in would be 200 bytes, more than its 128-byte slot
    public void Sizes_that_do_not_add_up_are_refused(uint len, uint payloadSize)
    {
        using var entry = new FuseUringEntry(FuseUringTransport.PayloadSize(4096));
        var header = (fuse_uring_req_header*)entry.Buffers[0].iov_base;
        Unsafe.WriteUnaligned(header->in_out, new fuse_in_header { len = len, opcode = (uint)FuseOpcode.FUSE_GETATTR, unique = 3 });
        header->ring_ent_in_out.payload_sz = payloadSize;
        Assert.False(entry.TryGetRequest(out _));
    }

    [Fact]
    public void Buffers_are_what_REGISTER_needs()
    {
        int payload = FuseUringTransport.PayloadSize(1 << 20);
        using var entry = new FuseUringEntry(payload);
        Assert.Equal((nuint)Unsafe.SizeOf<fuse_uring_req_header>(), entry.Buffers[0].iov_len);
        Assert.Equal((nuint)payload, entry.Buffers[1].iov_len);
        Assert.Equal(0, (long)entry.Buffers[0].iov_base % 4096);
    }

    [Theory]
    [InlineData(1u << 20, 1 << 20)]
    [InlineData(4096u, 128 * 1024)]
    [InlineData(200_000u, 49 * 4096)]
    [InlineData(64u << 20, 1 << 20)]
    public void Payload_covers_the_kernels_max_payload(uint maxWrite, int expected) =>
        Assert.Equal(expected, FuseUringTransport.PayloadSize(maxWrite));

    [Theory]
    [InlineData("0-1\n", 2)]
    [InlineData("0", 1)]
    [InlineData("0-3,8-11", 8)]
    [InlineData("", 0)]
    [InlineData("x", 0)]
    [InlineData("3-1", 0)]
    public void Possible_cpu_lists_are_counted(string list, int count) => Assert.Equal(count, PossibleCpus.Parse(list));

    /// <summary>Splits a /dev/fuse-style request into the entry the way fs/fuse/dev_uring.c does.</summary>
    private static void Fill(FuseUringEntry entry, byte[] message, int opLength, ulong commitId)
    {
        var header = (fuse_uring_req_header*)entry.Buffers[0].iov_base;
        message.AsSpan(0, 40).CopyTo(new Span<byte>(header->in_out, 40));
        message.AsSpan(40, opLength).CopyTo(new Span<byte>(header->op_in, opLength));
        message.AsSpan(40 + opLength).CopyTo(new Span<byte>(entry.Buffers[1].iov_base, entry.PayloadSize));
        header->ring_ent_in_out.payload_sz = (uint)(message.Length - 40 - opLength);
        header->ring_ent_in_out.commit_id = commitId;
    }
}
