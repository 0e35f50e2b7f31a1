// rename and renameat2 (NOREPLACE, EXCHANGE) in the merged view. Directories never fail with EXDEV: a directory
// with a lower part is copied up alone and given a redirect to its origin (overlayfs's redirect_dir), so renaming
// a lower tree of any size costs one mkdir, one xattr and one rename.
namespace Union.Core;

using Union.Core.Nodes;
using Union.Core.Paths;

public sealed partial class UnionFileSystem
{
    public FsError Rename(ulong parentId, string name, ulong newParentId, string newName, RenameFlags flags)
    {
        if ((flags & ~(RenameFlags.NoReplace | RenameFlags.Exchange)) != 0 ||
            flags == (RenameFlags.NoReplace | RenameFlags.Exchange))
            return FsError.InvalidArgument;
        bool exchange = (flags & RenameFlags.Exchange) != 0;
        // Files that move are copied up first; their data is copied before the lock is taken. Not for a bad new
        // name: the checks below refuse it (in Linux's order), and refused input must change nothing.
        if (NameRules.CheckCreate(newName, windowsNames: false) == FsError.None)
        {
            var copyError = CopyUpChildOutsideLock(parentId, name);
            if (copyError == FsError.None && exchange) copyError = CopyUpChildOutsideLock(newParentId, newName);
            if (copyError != FsError.None) return copyError;
        }
        lock (_lock)
        {
            if (!TryGetNode(parentId, out var parent, out var error)) return error;
            if (!TryGetNode(newParentId, out var newParent, out error)) return error;
            if (!newParent.IsDirectory) return FsError.NotDirectory;
            error = ResolveChild(parent, name, out var source);
            if (error != FsError.None) return error;
            error = NameRules.CheckCreate(newName, windowsNames: false);
            if (error != FsError.None) return error;
            error = ResolveChild(newParent, newName, out var target);
            if (error is not (FsError.None or FsError.NotFound)) return error;
            if (exchange && target is null) return FsError.NotFound;
            if ((flags & RenameFlags.NoReplace) != 0 && target is not null) return FsError.Exists;
            if (source == target) return FsError.None;
            if (source!.IsDirectory && IsSelfOrAncestor(source, newParent)) return FsError.InvalidArgument;
            if (exchange && target!.IsDirectory && IsSelfOrAncestor(target, parent)) return FsError.InvalidArgument;
            // The target is an ancestor of the source, so it is not empty (Linux's lock_rename trap, before type checks).
            if (!exchange && target is not null && target.IsDirectory && IsSelfOrAncestor(target, parent)) return FsError.NotEmpty;
            if (target is not null && !exchange)
            {
                if (source.IsDirectory && !target.IsDirectory) return FsError.NotDirectory;
                if (!source.IsDirectory && target.IsDirectory) return FsError.IsDirectory;
                if (target.IsDirectory && !IsEmptyMerged(target, out error))
                    return error == FsError.None ? FsError.NotEmpty : error;
            }
            if (_upper is null) return FsError.ReadOnly;
            error = EnsureUpper(parent);
            if (error == FsError.None) error = EnsureUpper(newParent);
            if (error == FsError.None) error = PrepareToMove(source, newParent, newName);
            if (error == FsError.None && exchange) error = PrepareToMove(target!, parent, name);
            if (error != FsError.None) return error;
            error = exchange ? Exchange(parent, source, newParent, target!) : Move(parent, source, newParent, newName, target);
            if (error != FsError.None) return error;

            parent.Children?.Remove(name);
            if (target is not null && !exchange) Detach(newParent, target);
            newParent.Children ??= new Dictionary<string, Node>(_names);
            if (exchange)
            {
                newParent.Children.Remove(newName);
                target!.Parent = parent;
                target.Name = name;
                parent.Children![name] = target;
            }
            source.Parent = newParent;
            source.Name = newName;
            newParent.Children[newName] = source;
            return FsError.None;
        }
    }

    private static bool IsSelfOrAncestor(Node ancestor, Node node)
    {
        for (var n = node; n is not null; n = n.Parent)
            if (n == ancestor) return true;
        return false;
    }

    /// <summary>
    /// Copies the entry up; a directory with a lower part gets a redirect to where that part lives, and a directory
    /// without one that lands on a name some lower layer holds is made opaque, so nothing below leaks into it.
    /// </summary>
    private FsError PrepareToMove(Node node, Node newParent, string newName)
    {
        var error = EnsureUpper(node);
        if (error != FsError.None || !node.IsDirectory) return error;
        if (node.LowerDirs.Count > 0) return _markers.SetRedirect(node.UpperDir!, node.LowerPath);
        return LowerHasName(newParent, newName) ? _markers.MakeOpaque(node.UpperDir!) : FsError.None;
    }

    private FsError Move(Node parent, Node source, Node newParent, string newName, Node? target)
    {
        var fromDir = parent.UpperDir!;
        var toDir = newParent.UpperDir!;
        bool sourceWhiteout = LowerHasName(parent, source.Name);
        bool overlayFormat = _markers.Format == WhiteoutFormat.Overlay;
        FsError error;
        if (target is not null && target.IsDirectory && target.UpperDir is not null)
        {
            error = EmptyUpperDirectory(newParent, newName);
            if (error != FsError.None) return error;
        }
        bool charWhiteoutAtTarget = target is null &&
            _host.Stat(toDir, newName, out var existing) == FsError.None && Whiteouts.Markers.IsWhiteout(existing);

        if (sourceWhiteout && !overlayFormat)
        {
            // OCI: the whiteout goes in first; until the rename, the upper entry still shows (same-layer rule).
            error = _markers.CreateWhiteout(fromDir, source.Name);
            if (error != FsError.None) return error;
        }
        if (charWhiteoutAtTarget && source.IsDirectory)
        {
            // A directory cannot replace a device node: swap them; the old whiteout lands on the source name,
            // which is just what the source needs when a lower layer holds it.
            error = _host.Rename(fromDir, source.Name, toDir, newName, RenameFlags.Exchange);
            if (error != FsError.None) return error;
            return sourceWhiteout && overlayFormat ? FsError.None : _host.Remove(fromDir, source.Name, directory: false);
        }
        var hostFlags = sourceWhiteout && overlayFormat ? RenameFlags.Whiteout : RenameFlags.None;
        error = _host.Rename(fromDir, source.Name, toDir, newName, hostFlags);
        if (error is FsError.InvalidArgument or FsError.NotPermitted && hostFlags == RenameFlags.Whiteout)
        {
            error = _host.Rename(fromDir, source.Name, toDir, newName, RenameFlags.None);
            if (error == FsError.None) error = _markers.CreateWhiteout(fromDir, source.Name);
        }
        if (error != FsError.None) return error;
        return _markers.RemoveWhiteout(toDir, newName) is var cleanup && cleanup == FsError.None ? FsError.None : cleanup;
    }

    private FsError Exchange(Node parent, Node source, Node newParent, Node target) =>
        _host.Rename(parent.UpperDir!, source.Name, newParent.UpperDir!, target.Name, RenameFlags.Exchange);

    /// <summary>
    /// A merged-empty upper directory may still hold whiteouts; rename(2) only replaces an empty one. Swap in a
    /// fresh opaque directory (one step, the name never goes missing) and clear the old one out of work.
    /// </summary>
    private FsError EmptyUpperDirectory(Node parent, string name)
    {
        var entries = new List<Host.HostEntry>();
        if (_host.OpenDirectory(parent.UpperDir!, name, out var dir) != FsError.None) return FsError.None;
        using (dir) _host.ReadDirectory(dir!, entries);
        if (entries.Count == 0) return FsError.None;
        string temp = NewTempName();
        var error = _host.CreateDirectory(_work!, temp, 0x1C0);
        if (error != FsError.None) return error;
        error = _host.Rename(_work!, temp, parent.UpperDir!, name, RenameFlags.Exchange);
        if (error != FsError.None) { _host.Remove(_work!, temp, directory: true); return error; }
        RemoveTree(_work!, temp, FileKind.Directory);
        return FsError.None;
    }
}
