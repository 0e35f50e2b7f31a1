// Creating entries in the merged view: always in the upper, owned by the caller. Where a whiteout stands, the new
// entry is built in the work directory and renamed over it, so the name is never missing or half-made;
// a directory created over a whiteout is opaque, so what was deleted below stays hidden.
namespace Union.Core;

using Microsoft.Win32.SafeHandles;
using Union.Core.Host;
using Union.Core.Nodes;
using Union.Core.Paths;

public sealed partial class UnionFileSystem
{
    public FsError CreateFile(ulong parentId, string name, OpenMode mode, uint permissions, Caller caller,
        out ulong id, out EntryAttributes attributes, out OpenFile? file)
    {
        file = null;
        SafeFileHandle? handle = null;
        var flags = (mode & ~(OpenMode.Truncate | OpenMode.NoFollow)) | OpenMode.Create | OpenMode.Exclusive;
        var error = CreateEntry(parentId, name, FileKind.Regular, caller, out id, out attributes, (dir, entry) =>
            _host.Open(dir, entry, flags, permissions & 0xFFF, out handle));
        if (error != FsError.None) return error;
        lock (_lock)
        {
            var node = _nodes[id];
            node.OpenCount++;
            file = new OpenFile(_host, id, handle!, mode, inUpper: true, ReleaseFile);
            (node.OpenFiles ??= []).Add(file);
        }
        return FsError.None;
    }

    public FsError CreateDirectory(ulong parentId, string name, uint permissions, Caller caller,
        out ulong id, out EntryAttributes attributes) =>
        CreateEntry(parentId, name, FileKind.Directory, caller, out id, out attributes,
            (dir, entry) => _host.CreateDirectory(dir, entry, permissions & 0xFFF));

    /// <summary>mknod: fifos, sockets and devices (regular files too, as mknod(2) allows).</summary>
    public FsError CreateNode(ulong parentId, string name, uint mode, ulong rdev, Caller caller,
        out ulong id, out EntryAttributes attributes)
    {
        var kind = (FileKind)(mode & 0xF000);
        if (kind is FileKind.Directory or FileKind.Symlink) { id = 0; attributes = default; return FsError.InvalidArgument; }
        return CreateEntry(parentId, name, kind == FileKind.None ? FileKind.Regular : kind, caller, out id, out attributes,
            (dir, entry) => _host.CreateNode(dir, entry, mode, rdev));
    }

    public FsError CreateSymlink(ulong parentId, string name, string target, Caller caller,
        out ulong id, out EntryAttributes attributes) =>
        CreateEntry(parentId, name, FileKind.Symlink, caller, out id, out attributes,
            (dir, entry) => _host.CreateSymlink(dir, entry, target));

    /// <summary>A hard link: the source is copied up first, then linked inside the upper.</summary>
    public FsError Link(ulong sourceId, ulong newParentId, string newName, out ulong id, out EntryAttributes attributes)
    {
        id = 0;
        attributes = default;
        // A bad name or a taken one must fail before the copy-up: refused input changes nothing.
        lock (_lock)
        {
            if (_upper is not null && TryGetNode(sourceId, out var candidate, out _) && !candidate.IsDirectory &&
                CheckNewEntry(newParentId, newName, out _) is var refused and not FsError.None)
                return refused;
        }
        var copyError = CopyUpOutsideLock(sourceId);
        if (copyError != FsError.None) return copyError;
        lock (_lock)
        {
            if (!TryGetNode(sourceId, out var source, out var error)) return error;
            if (source.IsDirectory)
            {
                // link(2) finds an existing new name (EEXIST) before it refuses a directory (EPERM).
                bool exists = TryGetNode(newParentId, out var newParent, out _) && newParent.IsDirectory &&
                    ResolveChild(newParent, newName, out _) == FsError.None;
                return exists ? FsError.Exists : FsError.NotPermitted;
            }
            if (_upper is null) return FsError.ReadOnly;
            if (source.Detached)
            {
                // Only a handle reaches it, and the host decides whether it may take a name: an unnamed file (O_TMPFILE
                // without O_EXCL) may, one unlinked while open may not (ENOENT).
                if (UpperHandleOf(source, null) is not { } open) return FsError.NotFound;
                error = CreateEntryLocked(newParentId, newName, source.Kind, caller: null, out id, out attributes,
                    (dir, entry) => _host.Link(open.Handle, dir, entry), inode: source.Ino);
                if (error == FsError.None) _nodes[id].Aliased = attributes.Aliased = true;
                return error;
            }
            error = EnsureUpper(source);
            if (error != FsError.None) return error;
            var sourceDir = source.ParentDirIn(source.Layer);
            var sourceName = source.Name;
            return CreateEntryLocked(newParentId, newName, source.Kind, caller: null, out id, out attributes,
                (dir, entry) => _host.Link(sourceDir, sourceName, dir, entry), inode: source.Ino);
        }
    }

    private FsError CreateEntry(ulong parentId, string name, FileKind kind, Caller caller,
        out ulong id, out EntryAttributes attributes, Func<HostDirectory, string, FsError> make)
    {
        lock (_lock)
            return CreateEntryLocked(parentId, name, kind, caller, out id, out attributes, make, inode: null);
    }

    /// <summary>The checks before anything is written: a live parent directory, a valid name not yet taken.</summary>
    /// <param name="exclusiveCreateFollows">
    /// The entry is made next with an exclusive create in the upper. In a parent with no lower part that create
    /// finds a taken name itself (EEXIST), so the layers are not asked first: one stat less per create.
    /// </param>
    private FsError CheckNewEntry(ulong parentId, string name, out Node parent, bool exclusiveCreateFollows = false)
    {
        if (!TryGetNode(parentId, out parent, out var error)) return error;
        if (!parent.IsDirectory) return FsError.NotDirectory;
        if (parent.Detached) return FsError.NotFound;
        error = NameRules.CheckCreate(name, windowsNames: false);
        if (error != FsError.None) return error;
        if (IsReservedForCreate(name)) return FsError.InvalidArgument;
        if (_upper is null) return FsError.ReadOnly;
        if (exclusiveCreateFollows && parent.LowerDirs.Count == 0 && parent.UpperDir is not null && !Options.CaseInsensitive)
            return parent.Children?.ContainsKey(name) == true ? FsError.Exists : FsError.None;
        error = ResolveChild(parent, name, out _);
        if (error == FsError.None) return FsError.Exists;
        return error == FsError.NotFound ? FsError.None : error;
    }

    private FsError CreateEntryLocked(ulong parentId, string name, FileKind kind, Caller? caller,
        out ulong id, out EntryAttributes attributes, Func<HostDirectory, string, FsError> make, ulong? inode)
    {
        id = 0;
        attributes = default;
        var error = CheckNewEntry(parentId, name, out var parent, exclusiveCreateFollows: true);
        if (error != FsError.None) return error;
        var upper = _upper!;   // CheckNewEntry refuses a union without one
        error = EnsureUpper(parent);
        if (error != FsError.None) return error;

        var upperDir = parent.UpperDir!;
        // CheckNewEntry found the name free in the merged view (or left that to the exclusive create), so whatever
        // holds it in the upper is a whiteout device or a taken name: make the entry first and look for a whiteout
        // only when the name is taken, which saves a stat per create.
        // Folding, a device may stand under another spelling that the exclusive create would not run into.
        bool overWhiteout = Options.CaseInsensitive
            ? WhiteoutStands(parent, upperDir, name)
            : parent.LowerDirs.Count > 0 && _markers.HasOciWhiteout(upperDir, name);
        if (!overWhiteout)
        {
            error = make(upperDir, name);
            if (error == FsError.Exists && WhiteoutDeviceStands(upperDir, name)) overWhiteout = true;
            else if (error != FsError.None) return error;
            else if (caller is { } who) SetNewOwner(parent, upperDir, name, kind, who, inPlace: true);
        }
        if (overWhiteout)
        {
            error = PlaceOverWhiteout(parent, name, kind, caller, make);
            if (error != FsError.None) return error;
        }

        var node = NewNode(parent, name);
        node.Kind = kind;
        node.Layer = upper;
        if (kind == FileKind.Directory)
        {
            error = _host.OpenDirectory(upperDir, name, out var opened);
            if (error != FsError.None) { _nodes.Remove(node.Id); return error; }
            node.UpperDir = opened;
            node.LowerPath = JoinLowerPath(parent.LowerPath, name);
        }
        error = _host.Stat(upperDir, name, out attributes);
        if (error != FsError.None) { _nodes.Remove(node.Id); node.CloseDirectories(); return error; }
        node.Kind = attributes.Kind;
        node.Ino = inode ?? MapIno(upper, attributes.Inode);
        attributes.Inode = node.Ino;
        parent.Children ??= new Dictionary<string, Node>(_names);
        parent.Children[name] = node;
        node.Lookups++;
        id = node.Id;
        return FsError.None;
    }

    /// <summary>
    /// A whiteout device occupies the name and must be swapped out. An OCI whiteout only matters over lower content:
    /// over nothing it hides nothing, and an entry beside its own OCI whiteout shows.
    /// </summary>
    private bool WhiteoutStands(Node parent, HostDirectory upperDir, string name) =>
        WhiteoutDeviceStands(upperDir, name) || (parent.LowerDirs.Count > 0 && _markers.HasOciWhiteout(upperDir, name));

    private bool WhiteoutDeviceStands(HostDirectory upperDir, string name) =>
        StatSpelled(upperDir, name, out _, out var existing) == FsError.None && Whiteouts.Markers.IsWhiteout(existing);

    /// <summary>Builds the entry under a temp name in work, then swaps it in for the whiteout.</summary>
    private FsError PlaceOverWhiteout(Node parent, string name, FileKind kind, Caller? caller,
        Func<HostDirectory, string, FsError> make)
    {
        var upperDir = parent.UpperDir!;
        var error = OpenBuildDirectory(upperDir, out var build, out string? holder);
        if (error != FsError.None) return error;
        try
        {
            return BuildAndSwapIn(parent, upperDir, build, name, kind, caller, make);
        }
        finally
        {
            if (holder is not null)
            {
                build.Dispose();
                RemoveTree(_work!, holder);
            }
        }
    }

    private FsError BuildAndSwapIn(Node parent, HostDirectory upperDir, HostDirectory build, string name, FileKind kind,
        Caller? caller, Func<HostDirectory, string, FsError> make)
    {
        string temp = NewTempName();
        var error = make(build, temp);
        if (error != FsError.None) return error;
        if (caller is { } who) SetNewOwner(parent, build, temp, kind, who, inPlace: false);
        if (kind == FileKind.Directory && parent.LowerDirs.Count > 0)
        {
            error = _host.OpenDirectory(build, temp, out var created);
            if (error == FsError.None) using (created) error = _markers.MakeOpaque(created!);
            if (error != FsError.None) { RemoveTree(build, temp); return error; }
        }
        bool charWhiteout = StatSpelled(upperDir, name, out var spelled, out var existing) == FsError.None &&
            Whiteouts.Markers.IsWhiteout(existing);
        if (charWhiteout)
        {
            // Exchange keeps the name present throughout; the old whiteout ends up in work and is removed.
            error = _host.Rename(build, temp, upperDir, spelled!, RenameFlags.Exchange);
            if (error != FsError.None) { RemoveTree(build, temp); return error; }
            _host.Remove(build, temp, directory: false);
            // Folding, the whiteout may have been another case variant: the new entry takes the caller's spelling.
            if (spelled != name)
            {
                error = _host.Rename(upperDir, spelled!, upperDir, name, RenameFlags.None);
                if (error != FsError.None) return error;
            }
        }
        else
        {
            error = _host.Rename(build, temp, upperDir, name, RenameFlags.NoReplace);
            if (error != FsError.None) { RemoveTree(build, temp); return error; }
        }
        return _markers.RemoveWhiteout(upperDir, name);
    }

    /// <summary>The ACL a Linux directory gives the entries made in it (POSIX.1e).</summary>
    private const string DefaultAcl = "system.posix_acl_default";

    /// <summary>
    /// Where an entry that replaces a whiteout is built: work itself, or, under a parent with a default ACL, a fresh
    /// directory in work (<paramref name="holder"/>) that carries the same default ACL. There the host gives the
    /// entry the mode and ACL it would have got in place, and ignores the caller's umask as it would there.
    /// </summary>
    private FsError OpenBuildDirectory(HostDirectory upperDir, out HostDirectory build, out string? holder)
    {
        build = _work!;
        holder = null;
        if (!_host.SupportsXattrs) return FsError.None;
        Span<byte> small = stackalloc byte[256];
        var error = _host.GetXattr(upperDir, null, DefaultAcl, small, out int length);
        byte[]? large = null;
        if (error == FsError.OutOfRange)
        {
            large = new byte[length];
            error = _host.GetXattr(upperDir, null, DefaultAcl, large, out length);
        }
        if (error != FsError.None) return FsError.None;   // no default ACL here (or none this host keeps)
        ReadOnlySpan<byte> acl = large is null ? small[..length] : large.AsSpan(0, length);
        holder = NewTempName();
        error = _host.CreateDirectory(_work!, holder, 0x1C0);   // 0700
        if (error == FsError.None) error = _host.SetXattr(_work!, holder, DefaultAcl, acl, 0);
        HostDirectory? opened = null;
        if (error == FsError.None) error = _host.OpenDirectory(_work!, holder, out opened);
        if (error != FsError.None)
        {
            RemoveTree(_work!, holder);
            holder = null;
            return error;
        }
        build = opened!;
        return FsError.None;
    }

    /// <summary>The group of a new entry: the parent's in a setgid directory, else the caller's.</summary>
    private uint NewGroup(Node parent, Caller caller) => NewGroup(parent, caller, out _);

    private uint NewGroup(Node parent, Caller caller, out bool setgidParent)
    {
        setgidParent = _host.Stat(parent.UpperDir!, null, out var parentAttributes) == FsError.None &&
            (parentAttributes.Mode & 0x400) != 0;
        return setgidParent ? parentAttributes.Gid : caller.Gid;
    }

    /// <summary>
    /// New entries belong to the caller; in a setgid directory they take its group, and directories its setgid bit.
    /// The host does the setgid part for entries made in place; one built in work (over a whiteout) needs it here.
    /// </summary>
    /// <summary>
    /// Hands a new entry to its owner. A chown clears setuid and setgid on anything but a directory, root's chown
    /// too; the caller made the entry with them, as it may (a file of its own), so they are put back.
    /// </summary>
    private void GiveAway(HostDirectory dir, string name, FileKind kind, uint uid, uint gid)
    {
        const uint setIdBits = 0xC00;   // 06000
        uint made = kind != FileKind.Directory && _host.Stat(dir, name, out var created) == FsError.None ? created.Mode & 0xFFF : 0;
        if (_host.SetOwner(dir, name, uid, gid) == FsError.None && (made & setIdBits) != 0) _host.SetMode(dir, name, made);
    }

    private void SetNewOwner(Node parent, HostDirectory dir, string name, FileKind kind, Caller caller, bool inPlace)
    {
        if (inPlace && (!_isRoot || (caller.Uid == 0 && caller.Gid == 0))) return;   // the daemon's own identity already
        uint gid = NewGroup(parent, caller, out bool setgidParent);
        if (_isRoot && (caller.Uid != 0 || gid != 0)) GiveAway(dir, name, kind, caller.Uid, gid);
        if (!inPlace && setgidParent && kind == FileKind.Directory &&
            _host.Stat(dir, name, out var created) == FsError.None && (created.Mode & 0x400) == 0)
            _host.SetMode(dir, name, (created.Mode & 0xFFF) | 0x400);
    }
}
