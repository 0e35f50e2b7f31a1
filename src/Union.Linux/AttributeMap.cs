// Translates the engine's attributes into the kernel's fuse_attr and entry replies.
namespace Union.Linux;

using Union.Core;
using Union.Linux.Fuse.Abi;

internal static class AttributeMap
{
    public static void Fill(ref fuse_attr attr, in EntryAttributes a)
    {
        attr.ino = a.Inode;
        attr.size = (ulong)a.Size;
        attr.blocks = (ulong)a.Blocks;
        attr.atime = (ulong)a.AccessTime.Seconds;
        attr.atimensec = a.AccessTime.Nanoseconds;
        attr.mtime = (ulong)a.ModifyTime.Seconds;
        attr.mtimensec = a.ModifyTime.Nanoseconds;
        attr.ctime = (ulong)a.ChangeTime.Seconds;
        attr.ctimensec = a.ChangeTime.Nanoseconds;
        attr.mode = a.Mode;
        attr.nlink = a.LinkCount;
        attr.uid = a.Uid;
        attr.gid = a.Gid;
        attr.rdev = (uint)ToOldDev(a.Rdev);
        attr.blksize = a.BlockSize == 0 ? 4096 : a.BlockSize;
    }

    /// <summary>
    /// STATX adds the birth time, which fuse_attr cannot carry (as overlayfs shows the upper or lower file's own).
    /// The mask says which fields hold: the basic ones always, btime where the layer's filesystem keeps it.
    /// </summary>
    public static void Fill(ref fuse_statx sx, in EntryAttributes a)
    {
        const uint basicStats = 0x7ff, birthTime = 0x800;   // STATX_BASIC_STATS, STATX_BTIME
        sx.mask = basicStats | (a.BirthTime == default ? 0 : birthTime);
        sx.blksize = a.BlockSize == 0 ? 4096 : a.BlockSize;
        sx.nlink = a.LinkCount;
        sx.uid = a.Uid;
        sx.gid = a.Gid;
        sx.mode = (ushort)a.Mode;
        sx.ino = a.Inode;
        sx.size = (ulong)a.Size;
        sx.blocks = (ulong)a.Blocks;
        sx.atime = Time(a.AccessTime);
        sx.btime = Time(a.BirthTime);
        sx.ctime = Time(a.ChangeTime);
        sx.mtime = Time(a.ModifyTime);
        sx.rdev_major = (uint)(((a.Rdev >> 32) & 0xfffff000) | ((a.Rdev >> 8) & 0xfff));
        sx.rdev_minor = (uint)(((a.Rdev >> 12) & 0xffffff00) | (a.Rdev & 0xff));
    }

    private static fuse_sx_time Time(Timestamp t) => new() { tv_sec = t.Seconds, tv_nsec = t.Nanoseconds };

    /// <summary>fuse_attr.rdev is the kernel's new_encode_dev (32 bits): major 12 bits, minor 20 bits.</summary>
    private static ulong ToOldDev(ulong dev)
    {
        ulong major = ((dev >> 32) & 0xfffff000) | ((dev >> 8) & 0xfff);
        ulong minor = ((dev >> 12) & 0xffffff00) | (dev & 0xff);
        return (minor & 0xff) | (major << 8) | ((minor & ~0xffUL) << 12);
    }

    /// <summary>glibc dev_t from the kernel's 32-bit encoding (as MKNOD sends it).</summary>
    public static ulong FromKernelDev(uint dev)
    {
        uint major = (dev & 0xfff00) >> 8;
        uint minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
        return ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) |
               ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);
    }

    public static void Fill(ref fuse_entry_out entry, ulong nodeId, in EntryAttributes a, TimeSpan entryTimeout, TimeSpan attrTimeout)
    {
        entry.nodeid = nodeId;
        entry.generation = 0;
        SetTimeout(out entry.entry_valid, out entry.entry_valid_nsec, entryTimeout);
        SetTimeout(out entry.attr_valid, out entry.attr_valid_nsec, AttributeTimeout(a, attrTimeout));
        Fill(ref entry.attr, a);
    }

    /// <summary>Hard-linked files have one kernel inode per name here (and per unnamed file): keep their attributes fresh.</summary>
    public static TimeSpan AttributeTimeout(in EntryAttributes a, TimeSpan timeout) =>
        (a.LinkCount > 1 || a.Aliased) && !a.IsDirectory ? TimeSpan.Zero : timeout;

    public static void SetTimeout(out ulong seconds, out uint nanoseconds, TimeSpan timeout)
    {
        seconds = (ulong)(timeout.Ticks / TimeSpan.TicksPerSecond);
        nanoseconds = (uint)(timeout.Ticks % TimeSpan.TicksPerSecond * 100);
    }

    public static uint DirentType(FileKind kind) => (uint)kind >> 12;
}
