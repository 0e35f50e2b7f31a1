// Mirrors the FUSE-over-io_uring structs (linux/fuse.h 7.42+): the per-entry header buffer and the SQE command.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

/// <summary>IORING_OP_URING_CMD cmd_op values (<c>enum fuse_uring_cmd</c>).</summary>
internal enum fuse_uring_cmd : uint
{
    FUSE_IO_URING_CMD_INVALID = 0,
    /// <summary>Hands the kernel an entry's two buffers; completes when the first request is in them.</summary>
    FUSE_IO_URING_CMD_REGISTER = 1,
    /// <summary>Delivers the reply in the entry's buffers and completes again with the entry's next request.</summary>
    FUSE_IO_URING_CMD_COMMIT_AND_FETCH = 2,
}

/// <summary><c>struct fuse_uring_ent_in_out</c>, 32 bytes: the tail of the header buffer.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_uring_ent_in_out
{
    public ulong flags;
    /// <summary>Set by the kernel on fetch (the request's unique); echoed in fuse_uring_cmd_req.commit_id.</summary>
    public ulong commit_id;
    /// <summary>Bytes used in the payload buffer: request arguments after op_in on fetch, reply body on commit.</summary>
    public uint payload_sz;
    public uint padding;
    public ulong reserved;
}

/// <summary><c>struct fuse_uring_req_header</c>, 288 bytes: iov[0] of FUSE_IO_URING_CMD_REGISTER.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct fuse_uring_req_header
{
    public const int FUSE_URING_IN_OUT_HEADER_SZ = 128;
    public const int FUSE_URING_OP_IN_OUT_SZ = 128;

    /// <summary>fuse_in_header on fetch, fuse_out_header on commit.</summary>
    public fixed byte in_out[FUSE_URING_IN_OUT_HEADER_SZ];
    /// <summary>The operation's first argument (fuse_write_in, fuse_create_in, ...); empty for name-only ops.</summary>
    public fixed byte op_in[FUSE_URING_OP_IN_OUT_SZ];
    public fuse_uring_ent_in_out ring_ent_in_out;
}

/// <summary><c>struct fuse_uring_cmd_req</c>, 24 bytes, in the 80-byte command area of a 128-byte SQE.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct fuse_uring_cmd_req
{
    public ulong flags;
    /// <summary>0 for REGISTER; the fetched request's commit_id for COMMIT_AND_FETCH.</summary>
    public ulong commit_id;
    /// <summary>The queue (CPU index) the entry belongs to.</summary>
    public ushort qid;
    public fixed byte padding[6];
}
