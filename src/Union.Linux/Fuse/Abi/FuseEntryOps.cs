// Mirrors the small namespace-operation inputs: fuse_mknod_in, fuse_mkdir_in, fuse_rename_in, fuse_rename2_in,
// fuse_link_in, fuse_access_in, fuse_interrupt_in, fuse_forget_in, fuse_batch_forget_in, fuse_forget_one.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_mknod_in
{
    public uint mode;
    public uint rdev;
    public uint umask;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_mkdir_in
{
    public uint mode;
    public uint umask;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_rename_in
{
    public ulong newdir;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_rename2_in
{
    public ulong newdir;
    /// <summary>RENAME_* bits.</summary>
    public uint flags;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_link_in
{
    public ulong oldnodeid;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_access_in
{
    public uint mask;
    public uint padding;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_interrupt_in
{
    public ulong unique;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_forget_in
{
    public ulong nlookup;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_batch_forget_in
{
    public uint count;
    public uint dummy;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_forget_one
{
    public ulong nodeid;
    public ulong nlookup;
}
