// Packs fuse_dirent / fuse_direntplus records (8-byte aligned) into the READDIR(PLUS) reply, within the kernel's size.
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse;

internal ref struct FuseDirentWriter(Span<byte> space)
{
    private readonly Span<byte> _space = space;
    private int _length;

    public readonly int Length => _length;

    /// <summary>Adds one READDIR entry; false (nothing written) when it does not fit in what the kernel asked for.</summary>
    /// <param name="nextOffset">Cookie of the entry after this one; the kernel resumes READDIR from it.</param>
    /// <param name="type">DT_* value: (mode &amp; S_IFMT) &gt;&gt; 12.</param>
    public bool Add(ulong ino, ulong nextOffset, uint type, ReadOnlySpan<byte> name)
    {
        int record = Align8(fuse_dirent.NAME_OFFSET + name.Length);
        if (name.IsEmpty || record > _space.Length - _length)
        {
            return false;
        }
        Span<byte> slot = _space.Slice(_length, record);
        WriteDirent(slot, ino, nextOffset, type, name);
        _length += record;
        return true;
    }

    /// <summary>
    /// Adds one READDIRPLUS entry. Only when this returns true does the kernel take a lookup reference on
    /// entry.nodeid (unless it is 0), so the filesystem must count the lookup only then.
    /// </summary>
    public bool AddPlus(in fuse_entry_out entry, ulong nextOffset, uint type, ReadOnlySpan<byte> name)
    {
        const int entrySize = 128;
        int record = Align8(entrySize + fuse_dirent.NAME_OFFSET + name.Length);
        if (name.IsEmpty || record > _space.Length - _length)
        {
            return false;
        }
        Span<byte> slot = _space.Slice(_length, record);
        MemoryMarshal.Write(slot, in entry);
        WriteDirent(slot[entrySize..], entry.attr.ino, nextOffset, type, name);
        _length += record;
        return true;
    }

    private static void WriteDirent(Span<byte> slot, ulong ino, ulong nextOffset, uint type, ReadOnlySpan<byte> name)
    {
        var d = new fuse_dirent { ino = ino, off = nextOffset, namelen = (uint)name.Length, type = type };
        MemoryMarshal.Write(slot, in d);
        name.CopyTo(slot[fuse_dirent.NAME_OFFSET..]);
        slot[(fuse_dirent.NAME_OFFSET + name.Length)..].Clear();
    }

    private static int Align8(int n) => (n + 7) & ~7;
}
