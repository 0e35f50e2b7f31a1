// A snapshot of a merged directory, taken at open: offsets index into it, so a listing stays consistent while
// entries are added or removed (as overlayfs's merged-dir cache does).
namespace Union.Core;

/// <summary>One visible name of a merged directory.</summary>
public readonly record struct DirectoryEntry(string Name, FileKind Kind, ulong Inode);

/// <summary>The merged entries of a directory (without "." and ".."), each name once.</summary>
public sealed class DirectoryListing(ulong directoryId, List<DirectoryEntry> entries)
{
    public ulong DirectoryId { get; } = directoryId;
    public IReadOnlyList<DirectoryEntry> Entries { get; } = entries;
}
