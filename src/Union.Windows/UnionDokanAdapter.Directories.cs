// Directory listings: the engine's merged entries (whiteouts and markers already hidden), spelled for Windows and
// filtered by the DOS wildcard pattern here, so dokan2.dll never has to list everything to find one name.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    public NtStatus FindFiles(ReadOnlySpan<char> fileName, FindDataSink fill, ref DokanFileInfo info) =>
        FindFilesWithPattern(fileName, "*", fill, ref info);

    public NtStatus FindFilesWithPattern(
        ReadOnlySpan<char> fileName, ReadOnlySpan<char> searchPattern, FindDataSink fill, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (!handle.IsDirectory)
        {
            return NtStatus.NotADirectory;
        }

        var error = union.ReadDirectory(handle.NodeId, out var listing);
        if (error != FsError.None)
        {
            return StatusMap.From(error);
        }

        var everything = searchPattern is "*" or "";
        var ignoreCase = union.Options.CaseInsensitive;
        foreach (var entry in listing!.Entries)
        {
            var name = WindowsNames.ToWindows(entry.Name);
            if (name.Length > FindDataSink.MaxNameLength)
            {
                options.Trace?.Invoke($"list: '{entry.Name}' is longer than a Windows name may be; not shown");
                continue;
            }

            if (!everything && !DosWildcard.IsMatch(searchPattern, name, ignoreCase))
            {
                continue;
            }

            // The listing has no sizes or times: each entry is looked up (and let go) for them.
            if (union.Lookup(handle.NodeId, entry.Name, out var id, out var attributes) != FsError.None)
            {
                continue;
            }

            union.Forget(id, 1);
            // A symlink's size is its target's length in bytes: what reading it as a file returns.
            if (!fill.Add(name, WindowsAttributes.From(name, attributes, attributes.Size)))
            {
                break;
            }
        }

        return NtStatus.Success;
    }
}
