// Files without a name: made unnamed in the upper (O_TMPFILE), or unlinked while open. Each is a detached node that
// only its open handles reach: a change goes through one in the upper, as it reaches the inode on any filesystem
// (kernel overlayfs goes through its real file), and link(2) may give an unnamed one a name. A file open only
// read-only on a lower layer stays unchangeable once unlinked (ENOENT): nothing may write there.
namespace Union.Core;

using Union.Core.Nodes;
using Union.Core.Whiteouts;

public sealed partial class UnionFileSystem
{
    /// <summary>O_TMPFILE: an open file with no name yet, in the upper part of the directory; link(2) may name it.</summary>
    public FsError CreateUnnamedFile(ulong parentId, OpenMode mode, uint permissions, Caller caller,
        out ulong id, out EntryAttributes attributes, out OpenFile? file)
    {
        id = 0;
        attributes = default;
        file = null;
        lock (_lock)
        {
            if (!TryGetNode(parentId, out var parent, out var error)) return error;
            if (!parent.IsDirectory) return FsError.NotDirectory;
            if (parent.Detached) return FsError.NotFound;
            if (_upper is null) return FsError.ReadOnly;
            error = EnsureUpper(parent);
            if (error != FsError.None) return error;
            error = _host.OpenUnnamed(parent.UpperDir!, mode, permissions & 0xFFF, out var handle);
            if (error != FsError.None) return error;
            uint gid = NewGroup(parent, caller);
            if (_isRoot && (caller.Uid != 0 || gid != 0))
            {
                // fchown clears setuid and setgid; a mode in the same call puts back what the caller made (GiveAway).
                uint? keep = _host.StatHandle(handle!, out var made) == FsError.None && (made.Mode & 0xC00) != 0 ? made.Mode & 0xFFF : null;
                error = _host.SetAttributes(handle!, keep, caller.Uid, gid, null, null);
            }
            if (error == FsError.None) error = _host.StatHandle(handle!, out attributes);
            if (error != FsError.None) { handle!.Dispose(); return error; }
            var node = NewNode(parent, "");
            node.Kind = FileKind.Regular;
            node.Layer = _upper;
            node.Detached = true;
            node.Ino = MapIno(_upper, attributes.Inode);
            attributes.Inode = node.Ino;
            node.Lookups++;
            node.OpenCount++;
            id = node.Id;
            file = new OpenFile(_host, id, handle!, mode, inUpper: true, ReleaseFile);
            node.OpenFiles = [file];
            return FsError.None;
        }
    }

    /// <summary>An open handle in the upper of an unlinked node: the one the caller gave, or any other.</summary>
    private static OpenFile? UpperHandleOf(Node node, OpenFile? given)
    {
        if (given is { InUpper: true }) return given;
        foreach (var file in node.OpenFiles ?? [])
            if (file.InUpper) return file;
        return null;
    }

    private FsError SetUnlinkedAttributes(Node node, AttributeChanges changes, OpenFile? given, out EntryAttributes attributes)
    {
        attributes = default;
        if (UpperHandleOf(node, given) is not { } file) return FsError.NotFound;
        var error = changes.Size is { } size ? file.Truncate(size) : FsError.None;
        bool asked = changes.Mode is not null || changes.ChangesOwner || changes.AccessTime is not null || changes.ModifyTime is not null;
        uint? mode = changes.Mode;
        if (error == FsError.None && changes.KillSetId && mode is null && file.GetAttributes(out var now) == FsError.None)
            mode = now.PermissionsAfterKillingSetId;
        if (error == FsError.None && (asked || mode is not null))
        {
            error = _host.SetAttributes(file.Handle, mode, changes.Uid, changes.Gid, changes.AccessTime, changes.ModifyTime);
            // A host that cannot reach a nameless file leaves its set-id bits: the write that asked must not fail.
            if (error == FsError.NotSupported && !asked) error = FsError.None;
        }
        return error != FsError.None ? error : file.GetAttributes(out attributes);
    }

    /// <summary>A handle that reads a nameless node: one in the upper (the current data) before one on a lower layer.</summary>
    private static OpenFile? ReadingHandleOf(Node node) =>
        UpperHandleOf(node, null) ?? (node.OpenFiles is { Count: > 0 } files ? files[0] : null);

    /// <summary>The handle an xattr call on an unlinked node goes through: one in the upper to change, any to read.</summary>
    private static FsError UnlinkedXattrs(Node node, out OpenFile? file, bool reading = false)
    {
        file = reading ? ReadingHandleOf(node) : UpperHandleOf(node, null);
        return file is null ? FsError.NotFound : FsError.None;
    }

    private FsError ListUnlinkedXattrs(Node node, List<string> names)
    {
        var error = UnlinkedXattrs(node, out var file, reading: true);
        var all = new List<string>();
        if (error == FsError.None) error = _host.ListXattr(file!.Handle, all);
        foreach (var name in all)
            if (!Markers.IsReservedXattr(name)) names.Add(name);
        return error;
    }
}
