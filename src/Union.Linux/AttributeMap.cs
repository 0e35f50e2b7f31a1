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
        // Hard-linked files have one kernel inode per name here: keep their attributes fresh.
        SetTimeout(out entry.attr_valid, out entry.attr_valid_nsec, a.LinkCount > 1 && !a.IsDirectory ? TimeSpan.Zero : attrTimeout);
        Fill(ref entry.attr, a);
    }

    public static void SetTimeout(out ulong seconds, out uint nanoseconds, TimeSpan timeout)
    {
        seconds = (ulong)(timeout.Ticks / TimeSpan.TicksPerSecond);
        nanoseconds = (uint)(timeout.Ticks % TimeSpan.TicksPerSecond * 100);
    }

    public static uint DirentType(FileKind kind) => (uint)kind >> 12;
}
