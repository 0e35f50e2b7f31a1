// setattr: chmod, chown, utimens and truncate. Each copies the entry up first (truncate to 0 copies no data).
namespace Union.Core;

public sealed partial class UnionFileSystem
{
    public FsError SetAttributes(ulong id, AttributeChanges changes, OpenFile? file, out EntryAttributes attributes)
    {
        // No set-id bit to kill is the common case, and a kill alone must then change nothing, not even copy up. A
        // file unlinked while open has no name left to change, so a write there kills nothing either.
        if (changes.KillSetId && (GetAttributes(id, out attributes) != FsError.None || attributes.PermissionsAfterKillingSetId is null))
        {
            changes = changes with { KillSetId = false };
            if (changes == default) return FsError.None;
        }
        attributes = default;
        if (changes.Size != 0)
        {
            var copyError = CopyUpOutsideLock(id);
            if (copyError != FsError.None) return copyError;
        }
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (_upper is null) return FsError.ReadOnly;
            if (changes.Size is not null && node.IsDirectory) return FsError.IsDirectory;
            if (node.Detached) return SetUnlinkedAttributes(node, changes, file, out attributes);
            error = EnsureUpper(node, withData: changes.Size != 0);
            if (error != FsError.None) return error;
            var (dir, name) = Location(node);
            if (changes.Size is { } size)
            {
                if (file is not null && file.InUpper) error = file.Truncate(size);
                else
                {
                    error = _host.Open(dir, name, OpenMode.WriteOnly, 0, out var handle);
                    if (error == FsError.None) using (handle) error = _host.Truncate(handle!, size);
                }
                if (error != FsError.None) return error;
            }
            if (changes.ChangesOwner)
            {
                error = _host.SetOwner(dir, name, changes.Uid, changes.Gid);
                if (error != FsError.None) return error;
            }
            if (changes.Mode is { } mode)
            {
                error = _host.SetMode(dir, name, mode);
                if (error != FsError.None) return error;
            }
            if (changes.KillSetId && changes.Mode is null && _host.Stat(dir, name, out var now) == FsError.None &&
                now.PermissionsAfterKillingSetId is { } killed)
            {
                error = _host.SetMode(dir, name, killed);
                if (error != FsError.None) return error;
            }
            if (changes.AccessTime is not null || changes.ModifyTime is not null)
            {
                error = _host.SetTimes(dir, name, changes.AccessTime, changes.ModifyTime);
                if (error != FsError.None) return error;
            }
            return StatNode(node, out attributes);
        }
    }
}
