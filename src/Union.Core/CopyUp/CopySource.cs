// What a file copy-up reads from its lower source, taken under the engine lock so the copy itself needs no lock:
// an open handle on the data, the attributes, the xattrs and a symlink's target.
namespace Union.Core.CopyUp;

using Microsoft.Win32.SafeHandles;

internal sealed class CopySource : IDisposable
{
    public required EntryAttributes Attributes { get; init; }
    /// <summary>The lower file, open for reading; null when no data is to be copied.</summary>
    public SafeFileHandle? Data { get; init; }
    public string? LinkTarget { get; init; }
    public List<(string Name, byte[] Value)> Xattrs { get; } = [];
    /// <summary>The inode number the union reports for the entry; recorded as its origin.</summary>
    public required ulong Ino { get; init; }

    public void Dispose() => Data?.Dispose();
}
