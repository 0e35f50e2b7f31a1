// unlink and rmdir in the merged view: remove the upper entry, and leave a whiteout when a lower layer still holds
// the name. Each step leaves a consistent view: the whiteout appears before the upper entry goes.
namespace Union.Core;

using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    public FsError Remove(ulong parentId, string name, bool directory)
    {
        lock (_lock)
        {
            if (!TryGetNode(parentId, out var parent, out var error)) return error;
            error = ResolveChild(parent, name, out var node);
            if (error != FsError.None) return error;
            if (directory && !node!.IsDirectory) return FsError.NotDirectory;
            if (!directory && node!.IsDirectory) return FsError.IsDirectory;
            if (_upper is null) return FsError.ReadOnly;
            if (directory)
            {
                if (!IsEmptyMerged(node!, out error)) return error == FsError.None ? FsError.NotEmpty : error;
            }
            error = EnsureUpper(parent);
            if (error != FsError.None) return error;
            error = RemoveEntry(parent, node!);
            if (error != FsError.None) return error;
            Detach(parent, node!);
            return FsError.None;
        }
    }

    private FsError RemoveEntry(Node parent, Node node)
    {
        var upperDir = parent.UpperDir!;
        bool whiteout = LowerHasName(parent, node.Name);
        bool inUpper = node.IsDirectory ? node.UpperDir is not null : node.InUpper;
        if (!inUpper) return whiteout ? _markers.CreateWhiteout(upperDir, node.Name) : FsError.None;

        if (whiteout && _markers.Format == WhiteoutFormat.Overlay)
        {
            // Swap a fresh whiteout in for the entry in one step, then clear the entry out of work.
            string temp = NewTempName();
            var error = _markers.CreateWhiteout(_work!, temp);
            if (error != FsError.None) return error;
            error = _host.Rename(_work!, temp, upperDir, node.Name, RenameFlags.Exchange);
            if (error != FsError.None) { _host.Remove(_work!, temp, directory: false); return error; }
            RemoveTree(_work!, temp);
            return FsError.None;
        }
        if (whiteout)
        {
            var error = _markers.CreateWhiteout(upperDir, node.Name);
            if (error != FsError.None) return error;
        }
        if (!node.IsDirectory) return _host.Remove(upperDir, node.Name, directory: false);
        // The upper directory may still hold whiteouts and markers: move it out of sight, then clear it.
        string moved = NewTempName();
        var moveError = _host.Rename(upperDir, node.Name, _work!, moved, RenameFlags.None);
        if (moveError != FsError.None) return moveError;
        RemoveTree(_work!, moved);
        return FsError.None;
    }

    /// <summary>Takes a node out of the tree; it lives on while the caller holds lookups or open handles.</summary>
    private void Detach(Node parent, Node node)
    {
        if (parent.Children is { } children && children.TryGetValue(node.Name, out var cached) && cached == node)
            children.Remove(node.Name);
        node.Detached = true;
        TryEvict(node);
    }
}
