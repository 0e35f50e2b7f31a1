// What happened to one path between the pristine layers and the merged view.
namespace Union.Core.Changes;

/// <summary>The kind of a change, from the lowers' view to the merged view.</summary>
public enum ChangeKind
{
    /// <summary>The path is new: no lower layer shows it.</summary>
    Added,
    /// <summary>The content changed: file data, symlink target, device number, or the entry's type.</summary>
    Modified,
    /// <summary>Only metadata changed: mode, owner, modification time (not for directories) or xattrs.</summary>
    Metadata,
    /// <summary>A path the lowers show is gone (a whiteout, or hidden by an opaque directory).</summary>
    Deleted,
    /// <summary>The entry moved here from <see cref="Change.From"/> (a directory redirect, or a file's origin).</summary>
    Renamed,
}
