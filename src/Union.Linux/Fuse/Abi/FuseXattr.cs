// Mirrors struct fuse_getxattr_in/out and fuse_setxattr_in, linux/fuse.h 7.45.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_getxattr_in
{
    /// <summary>0 asks for the value's size only (reply fuse_getxattr_out).</summary>
    public uint size;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_getxattr_out
{
    public uint size;
    public uint padding;
}

/// <summary>The kernel sends all 16 bytes only when FUSE_SETXATTR_EXT was negotiated, else the first 8.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_setxattr_in
{
    public const int COMPAT_SIZE = 8;

    public uint size;
    public uint flags;
    public uint setxattr_flags;
    public uint padding;
}
