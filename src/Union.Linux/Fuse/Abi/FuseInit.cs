// Mirrors struct fuse_init_in / fuse_init_out, linux/fuse.h 7.45 (64 bytes each; pre-7.36 init_in is 16 bytes).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_init_in
{
    public const int COMPAT_SIZE = 16;

    public uint major;
    public uint minor;
    public uint max_readahead;
    public uint flags;
    public uint flags2;
    public fuse_init_in_unused unused;
}

[InlineArray(11)]
internal struct fuse_init_in_unused
{
    private uint _e0;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_init_out
{
    public uint major;
    public uint minor;
    public uint max_readahead;
    public uint flags;
    public ushort max_background;
    public ushort congestion_threshold;
    public uint max_write;
    public uint time_gran;
    public ushort max_pages;
    public ushort map_alignment;
    public uint flags2;
    public uint max_stack_depth;
    public ushort request_timeout;
    public fuse_init_out_unused unused;
}

[InlineArray(11)]
internal struct fuse_init_out_unused
{
    private ushort _e0;
}
