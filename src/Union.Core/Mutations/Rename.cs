// rename and renameat2 (NOREPLACE, EXCHANGE) in the merged view. Directories never fail with EXDEV: a directory
// with a lower part is copied up alone and given a redirect to its origin (overlayfs's redirect_dir), so renaming
// a lower tree of any size costs one mkdir, one redirect (an xattr, or in the OCI format a small marker file:
// Markers.Redirect.cs) and one rename.
namespace Union.Core;

using Union.Core.Host;
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
        // Refused renames change nothing: Linux's checks run before anything is copied up, and again under the
        // lock after the copies (another caller may have changed the names meanwhile).
        bool moves;
        lock (_lock)
        {
            var error = CheckRename(parentId, name, newParentId, newName, flags, out _, out _, out var source, out var target);
            if (error != FsError.None) return error;
            moves = source != target;
        }
        // Files that move are copied up first; their data is copied before the lock is taken.
        if (moves)
        {
            var copyError = CopyUpChildOutsideLock(parentId, name);
            if (copyError == FsError.None && exchange) copyError = CopyUpChildOutsideLock(newParentId, newName);
            if (copyError != FsError.None) return copyError;
        }
        lock (_lock)
        {
            var error = CheckRename(parentId, name, newParentId, newName, flags, out var parent, out var newParent, out var source, out var target);
            if (error != FsError.None) return error;
            if (source == target)
                return exchange || source.Name == newName ? FsError.None : Respell(parent, source, newName);
            error = EnsureUpper(parent);
            if (error == FsError.None) error = EnsureUpper(newParent);
            if (error == FsError.None) error = PrepareToMove(source, newParent, newName);
            if (error == FsError.None && exchange) error = PrepareToMove(target!, parent, name);
            if (error != FsError.None) return error;
            string placed = newName;
            error = exchange ? Exchange(parent, source, newParent, target!) : Move(parent, source, newParent, newName, target, out placed);
            if (error != FsError.None) return error;

            // An exchange keeps the names as they stand on disk; a move takes the caller's spelling.
            string sourceName = source.Name, targetName = exchange ? target!.Name : placed;
            parent.Children?.Remove(sourceName);
            if (target is not null && !exchange) Detach(newParent, target);
            newParent.Children ??= new Dictionary<string, Node>(_names);
            if (exchange)
            {
                newParent.Children.Remove(targetName);
                target!.Parent = parent;
                target.Name = sourceName;
                parent.Children![sourceName] = target;
            }
            source.Parent = newParent;
            source.Name = targetName;
            newParent.Children[targetName] = source;
            return FsError.None;
        }
    }

    /// <summary>
    /// rename(2)'s refusals, in Linux's order. None with source == target means a no-op (or a case-only respelling).
    /// Caller holds the lock.
    /// </summary>
    private FsError CheckRename(ulong parentId, string name, ulong newParentId, string newName, RenameFlags flags,
        out Node parent, out Node newParent, out Node source, out Node? target)
    {
        parent = newParent = source = null!;   // meaningful only when the answer is None
        target = null;
        bool exchange = (flags & RenameFlags.Exchange) != 0;
        if (!TryGetNode(parentId, out parent, out var error)) return error;
        if (!TryGetNode(newParentId, out newParent, out error)) return error;
        if (!newParent.IsDirectory) return FsError.NotDirectory;
        error = ResolveChild(parent, name, out var found);
        if (error != FsError.None) return error;
        source = found!;
        error = NameRules.CheckCreate(newName, windowsNames: false);
        if (error != FsError.None) return error;
        if (IsReservedForCreate(newName)) return FsError.InvalidArgument;
        error = ResolveChild(newParent, newName, out target);
        if (error is not (FsError.None or FsError.NotFound)) return error;
        if (exchange && target is null) return FsError.NotFound;
        if ((flags & RenameFlags.NoReplace) != 0 && target is not null) return FsError.Exists;
        if (source == target) return FsError.None;
        if (source.IsDirectory && IsSelfOrAncestor(source, newParent)) return FsError.InvalidArgument;
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
        return _upper is null ? FsError.ReadOnly : FsError.None;
    }

    /// <summary>
    /// A case-only rename (folding: <c>foo</c> to <c>Foo</c>, one entry): the entry is copied up and renamed in the
    /// upper. The lower spellings need no whiteout: the upper's variant stands for every one of them.
    /// </summary>
    private FsError Respell(Node parent, Node node, string newName)
    {
        if (_upper is null) return FsError.ReadOnly;
        var error = EnsureUpper(node);
        if (error != FsError.None) return error;
        error = _host.Rename(parent.UpperDir!, node.Name, parent.UpperDir!, newName, RenameFlags.None);
        if (error != FsError.None) return error;
        parent.Children!.Remove(node.Name);
        node.Name = newName;
        parent.Children[newName] = node;
        return FsError.None;
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
        if (node.LowerDirs.Count > 0)
        {
            // Where no redirect can be written (the overlay format on a filesystem without xattrs, a path past
            // PATH_MAX): EXDEV, as overlayfs without redirect_dir (mv then copies).
            error = _markers.SetRedirect(node.UpperDir!, node.LowerPath, _work!, NewTempName(), durable: !Options.Volatile);
            return error is FsError.NotSupported or FsError.NameTooLong ? FsError.CrossDevice : error;
        }
        return LowerHasName(newParent, newName) ? _markers.MakeOpaque(node.UpperDir!) : FsError.None;
    }

    /// <param name="placed">The name the entry has afterwards (folding, a rename between two hard links of one file,
    /// which changes nothing, leaves it under the target's spelling).</param>
    private FsError Move(Node parent, Node source, Node newParent, string newName, Node? target, out string placed)
    {
        var fromDir = parent.UpperDir!;
        var toDir = newParent.UpperDir!;
        bool sourceWhiteout = LowerHasName(parent, source.Name);
        bool overlayFormat = _markers.Format == WhiteoutFormat.Overlay;
        // Folding, what stands at the target in the upper may be spelled otherwise: replace it under its own
        // spelling (one atomic step), then give the entry the caller's spelling.
        string hostName = Spell(toDir, newName) ?? newName;
        placed = hostName;
        var error = MoveAs(fromDir, source, toDir, hostName, target, sourceWhiteout, overlayFormat);
        if (error != FsError.None || hostName == newName || (!source.IsDirectory && target?.Ino == source.Ino)) return error;
        error = _host.Rename(toDir, hostName, toDir, newName, RenameFlags.None);
        if (error == FsError.None) placed = newName;
        return error;
    }

    private FsError MoveAs(HostDirectory fromDir, Node source, HostDirectory toDir, string newName, Node? target,
        bool sourceWhiteout, bool overlayFormat)
    {
        FsError error;
        if (target is not null && target.IsDirectory && target.UpperDir is not null)
        {
            error = EmptyUpperDirectory(toDir, newName);
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
    private FsError EmptyUpperDirectory(HostDirectory parentDir, string name)
    {
        var entries = new List<Host.HostEntry>();
        if (_host.OpenDirectory(parentDir, name, out var dir) != FsError.None) return FsError.None;
        using (dir) _host.ReadDirectory(dir!, entries);
        if (entries.Count == 0) return FsError.None;
        string temp = NewTempName();
        var error = _host.CreateDirectory(_work!, temp, 0x1C0);
        if (error != FsError.None) return error;
        error = _host.Rename(_work!, temp, parentDir, name, RenameFlags.Exchange);
        if (error != FsError.None) { _host.Remove(_work!, temp, directory: true); return error; }
        RemoveTree(_work!, temp);
        return FsError.None;
    }
}
