// Mirrors struct fuse_kstatfs and fuse_statfs_out, linux/fuse.h 7.45.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_kstatfs
{
    public ulong blocks;
    public ulong bfree;
    public ulong bavail;
    public ulong files;
    public ulong ffree;
    public uint bsize;
    public uint namelen;
    public uint frsize;
    public uint padding;
    public fuse_kstatfs_spare spare;
}

[InlineArray(6)]
internal struct fuse_kstatfs_spare
{
    private uint _e0;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_statfs_out
{
    public fuse_kstatfs st;
}
