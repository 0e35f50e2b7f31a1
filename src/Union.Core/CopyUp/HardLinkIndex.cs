// Hard links survive copy-up, as with overlayfs's index=on: the first copy-up of a lower file that has several
// names also links the copy into work/union-index under its origin inode number; every other name of that file is
// then linked to the same copy instead of being copied again: at its own copy-up, when it is looked up, and at
// once if it is already cached. So all names keep one inode number, and a write through one shows through all.
namespace Union.Core;

using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    /// <summary>Whether a copy-up of an entry with these attributes goes through the index.</summary>
    private bool IndexesHardLinks(in EntryAttributes attributes) =>
        _index is not null && attributes.Kind == FileKind.Regular && attributes.LinkCount > 1;

    /// <summary>The index name of a lower inode: the number the union reports for it (unique across layers), in hex.</summary>
    private static string IndexName(ulong ino) => ino.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Links the index's copy of the node's lower file to the node's name in the upper. False when the index holds
    /// no copy (the caller copies); true with the outcome otherwise. Caller holds the engine lock.
    /// </summary>
    private bool TryLinkUpFromIndex(Node node, out FsError error)
    {
        error = FsError.None;
        if (_index is null) return false;
        string key = IndexName(node.Ino);
        if (_host.Stat(_index, key, out _) != FsError.None) return false;
        error = EnsureUpper(node.Parent!);
        if (error == FsError.None) error = _host.Link(_index, key, node.Parent!.UpperDir!, node.Name);
        if (error == FsError.None) node.Layer = _upper!;
        return true;
    }

    /// <summary>Whether the index holds this upper file (by its host inode number), so one of its links is the index's.</summary>
    private bool InHardLinkIndex(Node node, ulong hostInode) =>
        _index is not null && _host.Stat(_index, IndexName(node.Ino), out var indexed) == FsError.None &&
        indexed.Inode == hostInode;

    /// <summary>Links a finished copy (still under its temp name in work) into the index.</summary>
    private FsError AddToIndex(string temp, ulong ino) => _host.Link(_work!, temp, _index!, IndexName(ino));

    /// <summary>A lower name resolved now whose file another name already copied up: link it up too.</summary>
    private void LinkUpIfIndexed(Node node)
    {
        if (node.HardLinked && !node.InUpper && node.Kind == FileKind.Regular) TryLinkUpFromIndex(node, out _);
    }

    /// <summary>Cached names of the same lower file still point below: link them to the copy now.</summary>
    private void LinkUpCachedAliases(Node copied)
    {
        foreach (var node in _nodes.Values)
            if (node != copied && node.Ino == copied.Ino && node.HardLinked && !node.InUpper && !node.Detached &&
                node.CopyingUp is null)
                TryLinkUpFromIndex(node, out _);
    }
}
