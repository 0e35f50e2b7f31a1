// One ring entry's memory and the adapter between its split layout and the contiguous /dev/fuse message.
// The kernel writes a request as fuse_in_header -> header.in_out, the first argument -> header.op_in, the rest ->
// payload; a reply goes back as fuse_out_header -> header.in_out and the whole body -> payload.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse.Uring;

internal sealed unsafe class FuseUringEntry : IDisposable
{
    // One allocation: page 0 holds the header (offset 0) and the iovec pair (offset 512); its last bytes are where a
    // request's fuse_in_header and op_in are moved so that they end exactly where the payload (page 1) begins.
    private const int HeaderPage = 4096;
    private const int IovecOffset = 512;
    private const int InHeaderSize = 40;
    private const int OutHeaderSize = 16;

    private byte* _block;

    public FuseUringEntry(int payloadSize)
    {
        PayloadSize = payloadSize;
        _block = (byte*)NativeMemory.AlignedAlloc((nuint)(HeaderPage + payloadSize), HeaderPage);
        new Span<byte>(_block, HeaderPage).Clear();
        var iov = (Libc.iovec*)(_block + IovecOffset);
        iov[0] = new Libc.iovec { iov_base = _block, iov_len = (nuint)sizeof(fuse_uring_req_header) };
        iov[1] = new Libc.iovec { iov_base = Payload, iov_len = (nuint)payloadSize };
    }

    public int PayloadSize { get; }

    /// <summary>iov[0] header, iov[1] payload: the REGISTER command's buffers, valid for the entry's lifetime.</summary>
    public Libc.iovec* Buffers => (Libc.iovec*)(_block + IovecOffset);

    /// <summary>The fetched request's id, to quote in COMMIT_AND_FETCH.</summary>
    public ulong CommitId => Header->ring_ent_in_out.commit_id;

    private fuse_uring_req_header* Header => (fuse_uring_req_header*)_block;

    private byte* Payload => _block + HeaderPage;

    /// <summary>
    /// Rebuilds the fetched request as /dev/fuse would deliver it, moving only the headers (never the payload).
    /// False when the sizes do not add up: the kernel sets len = 40 + op_in bytes + payload_sz.
    /// </summary>
    public bool TryGetRequest(out ReadOnlySpan<byte> request)
    {
        request = default;
        uint len = Unsafe.ReadUnaligned<uint>(Header->in_out);
        uint payload = Header->ring_ent_in_out.payload_sz;
        long opLength = (long)len - InHeaderSize - payload;
        if (len < InHeaderSize || payload > (uint)PayloadSize || opLength < 0 || opLength > fuse_uring_req_header.FUSE_URING_OP_IN_OUT_SZ)
        {
            return false;
        }
        byte* start = Payload - InHeaderSize - opLength;
        Buffer.MemoryCopy(Header->in_out, start, InHeaderSize, InHeaderSize);
        Buffer.MemoryCopy(Header->op_in, start + InHeaderSize, opLength, opLength);
        request = new ReadOnlySpan<byte>(start, (int)len);
        return true;
    }

    /// <summary>The unique of the fetched request, read from its header.</summary>
    public ulong Unique => Unsafe.ReadUnaligned<fuse_in_header>(Header->in_out).unique;

    /// <summary>Splits a /dev/fuse-style reply (fuse_out_header + body) into the entry's header and payload.</summary>
    public void SetReply(ReadOnlySpan<byte> reply)
    {
        int body = reply.Length - OutHeaderSize;
        if (body < 0 || body > PayloadSize)
        {
            throw new ArgumentOutOfRangeException(nameof(reply), reply.Length, "reply does not fit the ring entry");
        }
        reply[..OutHeaderSize].CopyTo(new Span<byte>(Header->in_out, OutHeaderSize));
        reply[OutHeaderSize..].CopyTo(new Span<byte>(Payload, body));
        Header->ring_ent_in_out.payload_sz = (uint)body;
    }

    /// <summary>An error-only reply to the fetched request.</summary>
    public void SetError(int errno)
    {
        Span<byte> reply = stackalloc byte[OutHeaderSize];
        SetReply(reply[..FuseReplyWriter.Error(reply, Unique, errno)]);
    }

    /// <summary>Frees the buffers; only once the kernel has let go of them (see FuseUringQueue.Dispose).</summary>
    public void Dispose()
    {
        byte* block = _block;
        _block = null;
        if (block is not null)
        {
            NativeMemory.AlignedFree(block);
        }
    }
}
