// Mirrors struct fuse_sx_time, fuse_statx, fuse_statx_in, fuse_statx_out, linux/fuse.h 7.45 (protocol 7.39+).
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_sx_time
{
    public long tv_sec;
    public uint tv_nsec;
    public int __reserved;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_statx
{
    public uint mask;
    public uint blksize;
    public ulong attributes;
    public uint nlink;
    public uint uid;
    public uint gid;
    public ushort mode;
    public ushort __spare0;
    public ulong ino;
    public ulong size;
    public ulong blocks;
    public ulong attributes_mask;
    public fuse_sx_time atime;
    public fuse_sx_time btime;
    public fuse_sx_time ctime;
    public fuse_sx_time mtime;
    public uint rdev_major;
    public uint rdev_minor;
    public uint dev_major;
    public uint dev_minor;
    public fuse_statx_spare2 __spare2;
}

[InlineArray(14)]
internal struct fuse_statx_spare2
{
    private ulong _e0;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_statx_in
{
    public uint getattr_flags;
    public uint reserved;
    public ulong fh;
    public uint sx_flags;
    public uint sx_mask;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_statx_out
{
    public ulong attr_valid;
    public uint attr_valid_nsec;
    public uint flags;
    public fuse_statx_out_spare spare;
    public fuse_statx stat;
}

[InlineArray(2)]
internal struct fuse_statx_out_spare
{
    private ulong _e0;
}
