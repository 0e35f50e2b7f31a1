// Mirrors struct fuse_backing_map (FUSE_DEV_IOC_BACKING_OPEN argument), linux/fuse.h 7.40+.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_backing_map
{
    public int fd;
    /// <summary>Must be 0 (else EINVAL).</summary>
    public uint flags;
    /// <summary>Must be 0 (else EINVAL).</summary>
    public ulong padding;
}
