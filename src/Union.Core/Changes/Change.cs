// One entry of a change set: a path, what happened to it, what it is now (or was, when deleted) and its size.
namespace Union.Core.Changes;

/// <summary>
/// A changed path, '/'-rooted. <see cref="Size"/> is the byte size of a file or symlink (the lower one for a
/// deletion), 0 for other types. <see cref="From"/> is set for <see cref="ChangeKind.Renamed"/> only.
/// </summary>
public sealed record Change(string Path, ChangeKind Kind, FileKind Type, long Size, string? From = null)
{
    /// <summary>Lower-case name of a kind, as the text and JSON outputs spell it.</summary>
    public static string KindName(ChangeKind kind) => kind switch
    {
        ChangeKind.Added => "added",
        ChangeKind.Modified => "modified",
        ChangeKind.Metadata => "metadata",
        ChangeKind.Deleted => "deleted",
        _ => "renamed",
    };

    /// <summary>Name of an entry type, as the text and JSON outputs spell it.</summary>
    public static string TypeName(FileKind type) => type switch
    {
        FileKind.Regular => "file",
        FileKind.Directory => "directory",
        FileKind.Symlink => "symlink",
        FileKind.Fifo => "fifo",
        FileKind.Socket => "socket",
        FileKind.CharDevice => "char-device",
        FileKind.BlockDevice => "block-device",
        _ => "unknown",
    };

    /// <summary>One stable line: kind, type, size, path (and "&lt;- from" for a rename).</summary>
    public override string ToString() =>
        $"{KindName(Kind),-8} {TypeName(Type),-9} {Size,10} {Path}" + (From is null ? "" : $" <- {From}");
}
