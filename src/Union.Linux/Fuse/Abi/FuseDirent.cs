// Mirrors struct fuse_dirent / fuse_direntplus (name bytes follow; records padded to 8 bytes), linux/fuse.h 7.45.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_dirent
{
    /// <summary>FUSE_NAME_OFFSET: where the name starts.</summary>
    public const int NAME_OFFSET = 24;

    public ulong ino;
    /// <summary>Cookie of the NEXT entry: the kernel passes it back as the READDIR offset.</summary>
    public ulong off;
    public uint namelen;
    /// <summary>DT_* value, i.e. (mode &amp; S_IFMT) &gt;&gt; 12.</summary>
    public uint type;
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_direntplus
{
    public fuse_entry_out entry_out;
    public fuse_dirent dirent;
}
