// Merged readdir: names from the top layer down, each once; whiteouts hide names in the layers below them only;
// markers and whiteouts themselves never show.
namespace Union.Core;

using Union.Core.Host;
using Union.Core.Nodes;
using Union.Core.Whiteouts;

public sealed partial class UnionFileSystem
{
    /// <summary>Lists a directory's merged entries as they are now.</summary>
    public FsError ReadDirectory(ulong id, out DirectoryListing? listing)
    {
        listing = null;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (!node.IsDirectory) return FsError.NotDirectory;
            var entries = new List<DirectoryEntry>();
            error = MergeEntries(node, entries);
            if (error != FsError.None) return error;
            listing = new DirectoryListing(id, entries);
            return FsError.None;
        }
    }

    private FsError MergeEntries(Node node, List<DirectoryEntry> into)
    {
        if (node.Detached) return FsError.None;
        var seen = new HashSet<string>(_names);
        var hidden = new HashSet<string>(_names);
        var layerEntries = new List<HostEntry>();
        var layerWhiteouts = new List<string>();
        var dirs = new List<(Layers.Layer, HostDirectory)>();
        if (node.UpperDir is not null) dirs.Add((_upper!, node.UpperDir));
        dirs.AddRange(node.LowerDirs);
        foreach (var (layer, dir) in dirs)
        {
            layerEntries.Clear();
            layerWhiteouts.Clear();
            var error = _host.ReadDirectory(dir, layerEntries);
            if (error != FsError.None) return error;
            foreach (var entry in layerEntries)
            {
                var name = entry.Name;
                if (name.StartsWith(Markers.OciPrefix, StringComparison.Ordinal))
                {
                    if (name != Markers.OciOpaque) layerWhiteouts.Add(name[Markers.OciPrefix.Length..]);
                    continue;
                }
                var kind = entry.Kind;
                if (kind is FileKind.CharDevice or FileKind.None)
                {
                    if (_host.Stat(dir, name, out var attributes) != FsError.None) continue;
                    if (Markers.IsWhiteout(attributes)) { layerWhiteouts.Add(name); continue; }
                    kind = attributes.Kind;
                }
                if (hidden.Contains(name) || !seen.Add(name)) continue;
                into.Add(new DirectoryEntry(name, kind, MapIno(layer, entry.Inode)));
            }
            foreach (var name in layerWhiteouts) hidden.Add(name);
        }
        // Entries the engine already knows carry their stable inode numbers.
        if (node.Children is { } children)
        {
            for (int i = 0; i < into.Count; i++)
                if (children.TryGetValue(into[i].Name, out var child))
                    into[i] = into[i] with { Inode = child.Ino, Kind = child.Kind };
        }
        return FsError.None;
    }

    /// <summary>Whether a directory node shows no entries at all in the merged view.</summary>
    private bool IsEmptyMerged(Node node, out FsError error)
    {
        var entries = new List<DirectoryEntry>();
        error = MergeEntries(node, entries);
        return error == FsError.None && entries.Count == 0;
    }
}
