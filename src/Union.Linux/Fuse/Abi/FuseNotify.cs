// Mirrors enum fuse_notify_code and struct fuse_notify_inval_inode_out / fuse_notify_inval_entry_out.
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Abi;

internal enum FuseNotifyCode
{
    FUSE_NOTIFY_POLL = 1,
    FUSE_NOTIFY_INVAL_INODE = 2,
    FUSE_NOTIFY_INVAL_ENTRY = 3,
    FUSE_NOTIFY_STORE = 4,
    FUSE_NOTIFY_RETRIEVE = 5,
    FUSE_NOTIFY_DELETE = 6,
    FUSE_NOTIFY_RESEND = 7,
    FUSE_NOTIFY_INC_EPOCH = 8,
}

[StructLayout(LayoutKind.Sequential)]
internal struct fuse_notify_inval_inode_out
{
    public ulong ino;
    /// <summary>Negative off: invalidate attributes only; len 0: to end of file.</summary>
    public long off;
    public long len;
}

/// <summary>Followed by the name and its NUL.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct fuse_notify_inval_entry_out
{
    public ulong parent;
    public uint namelen;
    public uint flags;
}
