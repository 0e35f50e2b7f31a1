// A file unlinked while open has no name left, yet it is still a file: a change to it goes through one of its open
// handles in the upper, as it reaches the inode on any filesystem (kernel overlayfs goes through its real file).
// One open only on a lower layer stays unchangeable (ENOENT): nothing may write there, and its name is gone.
namespace Union.Core;

using Union.Core.Nodes;
using Union.Core.Whiteouts;

public sealed partial class UnionFileSystem
{
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

    /// <summary>The handle an xattr call on an unlinked node goes through: one in the upper to change, any to read.</summary>
    private static FsError UnlinkedXattrs(Node node, out OpenFile? file, bool reading = false)
    {
        file = reading && node.OpenFiles is { Count: > 0 } files ? files[0] : UpperHandleOf(node, null);
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
