// READDIR offsets that survive re-reading a directory. The kernel answers OPENDIR itself (we reply ENOSYS once, so
// it never sends OPENDIR/RELEASEDIR again and caches listings in its page cache), which leaves READDIR stateless:
// the offset is all we get back. As ext4 does with its htree, entries are ordered by a 62-bit hash of their name
// and an offset is the hash of the last entry returned, so a listing taken again at any later READDIR resumes
// right after that name: no unchanged entry is skipped or repeated, whatever was added or removed meanwhile.
namespace Union.Linux;

using Union.Core;

internal sealed class DirectoryCursor
{
    /// <summary>Offsets 1 and 2 are "." and ".."; names hash above them.</summary>
    public const ulong DotOffset = 1, DotDotOffset = 2;

    private readonly DirectoryEntry[] _entries;
    private readonly ulong[] _offsets;

    public DirectoryCursor(DirectoryListing listing)
    {
        DirectoryId = listing.DirectoryId;
        int n = listing.Entries.Count;
        _entries = new DirectoryEntry[n];
        _offsets = new ulong[n];
        for (int i = 0; i < n; i++)
        {
            _entries[i] = listing.Entries[i];
            _offsets[i] = OffsetOf(_entries[i].Name);
        }
        Array.Sort(_offsets, _entries);
        // Two names whose hashes collide (about 1 in 2^62 per pair) still get distinct, increasing offsets.
        for (int i = 1; i < n; i++)
            if (_offsets[i] <= _offsets[i - 1]) _offsets[i] = _offsets[i - 1] + 1;
    }

    public ulong DirectoryId { get; }
    public int Count => _entries.Length;
    public ref readonly DirectoryEntry this[int index] => ref _entries[index];
    public ulong OffsetAt(int index) => _offsets[index];

    /// <summary>The index of the first entry after <paramref name="offset"/> (Count when none is left).</summary>
    public int IndexAfter(ulong offset)
    {
        int i = Array.BinarySearch(_offsets, offset);
        return i >= 0 ? i + 1 : ~i;
    }

    /// <summary>FNV-1a over the UTF-16 name, folded into [3, 2^62): stable for the process's life.</summary>
    private static ulong OffsetOf(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        hash >>= 2;
        return hash <= DotDotOffset ? hash + DotDotOffset + 1 : hash;
    }
}
