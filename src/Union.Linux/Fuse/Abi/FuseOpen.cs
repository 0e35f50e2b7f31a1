// Mirrors struct fuse_open_in/out, fuse_create_in, fuse_release_in, fuse_flush_in, fuse_fsync_in, linux/fuse.h 7.45.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_open_in
{
    public uint flags;
    public uint open_flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_open_out
{
    public ulong fh;
    /// <summary>FOPEN_* bits.</summary>
    public uint open_flags;
    /// <summary>With FOPEN_PASSTHROUGH: an id from FUSE_DEV_IOC_BACKING_OPEN.</summary>
    public int backing_id;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_create_in
{
    public uint flags;
    public uint mode;
    public uint umask;
    public uint open_flags;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_release_in
{
    public ulong fh;
    public uint flags;
    public uint release_flags;
    public ulong lock_owner;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_flush_in
{
    public ulong fh;
    public uint unused;
    public uint padding;
    public ulong lock_owner;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_fsync_in
{
    public ulong fh;
    /// <summary>Bit 0: fdatasync.</summary>
    public uint fsync_flags;
    public uint padding;
}
