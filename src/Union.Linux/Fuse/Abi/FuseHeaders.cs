// Mirrors struct fuse_in_header / fuse_out_header, linux/fuse.h 7.45.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_in_header
{
    public uint len;
    public uint opcode;
    public ulong unique;
    public ulong nodeid;
    public uint uid;
    public uint gid;
    public uint pid;
    /// <summary>Length of the extensions after the request, in units of 8 bytes.</summary>
    public ushort total_extlen;
    public ushort padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_out_header
{
    public uint len;
    /// <summary>Negative errno for replies, notify code for unsolicited messages (unique = 0).</summary>
    public int error;
    public ulong unique;
}
