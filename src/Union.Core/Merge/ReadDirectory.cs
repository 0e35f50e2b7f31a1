// Merged readdir: names from the top layer down, each once; whiteouts hide names in the layers below them only;
// markers and whiteouts themselves never show.
namespace Union.Core;

using Union.Core.Host;
using Union.Core.Nodes;
using Union.Core.Whiteouts;

public sealed partial class UnionFileSystem
{
    /// <summary>Lists a directory's merged entries as they are now.</summary>
    public FsError ReadDirectory(ulong id, out DirectoryListing? listing) => ReadDirectory(id, exactInodes: true, out listing);

    /// <summary>
    /// Lists a directory's merged entries. Without <paramref name="exactInodes"/>, an upper entry the engine has not
    /// resolved yet carries Inode 0 (its number may come from its origin): ask <see cref="InodeNumber"/>, or look it up.
    /// </summary>
    public FsError ReadDirectory(ulong id, bool exactInodes, out DirectoryListing? listing)
    {
        listing = null;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (!node.IsDirectory) return FsError.NotDirectory;
            var entries = new List<DirectoryEntry>();
            error = MergeEntries(node, entries, withInodes: exactInodes);
            if (error != FsError.None) return error;
            listing = new DirectoryListing(id, entries);
            return FsError.None;
        }
    }

    private FsError MergeEntries(Node node, List<DirectoryEntry> into, bool withInodes = false)
    {
        if (node.Detached) return FsError.None;
        var seen = new HashSet<string>(_names);
        var hidden = new HashSet<string>(_names);
        var layerEntries = new List<HostEntry>();
        var layerWhiteouts = new List<string>();
        // Folding, one layer may hold several case variants: the ordinal-first stands, as in a lookup (FoldedNames).
        var layerNames = Options.CaseInsensitive ? new HashSet<string>(_names) : null;
        var dirs = new List<(Layers.Layer, HostDirectory)>();
        if (node.UpperDir is not null) dirs.Add((_upper!, node.UpperDir));
        dirs.AddRange(node.LowerDirs);
        int lowerBase = node.UpperDir is null ? 0 : 1;
        node.ListedInLower = null;
        for (int d = 0; d < dirs.Count; d++)
        {
            var (layer, dir) = dirs[d];
            layerEntries.Clear();
            layerWhiteouts.Clear();
            var error = _host.ReadDirectory(dir, layerEntries);
            if (error != FsError.None) return error;
            if (layerNames is not null)
            {
                layerEntries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                layerNames.Clear();
            }
            foreach (var entry in layerEntries)
            {
                var name = entry.Name;
                if (name.StartsWith(Markers.OciPrefix, StringComparison.Ordinal))
                {
                    if (!Markers.IsMetadataName(name)) layerWhiteouts.Add(name[Markers.OciPrefix.Length..]);
                    continue;
                }
                if (layerNames?.Add(name) == false) continue;
                var kind = entry.Kind;
                if (kind is FileKind.CharDevice or FileKind.None)
                {
                    if (_host.Stat(dir, name, out var attributes) != FsError.None) continue;
                    if (Markers.IsWhiteout(attributes)) { layerWhiteouts.Add(name); continue; }
                    kind = attributes.Kind;
                }
                // A single layer lists each name once and hides nothing of its own: no need to remember names.
                if (dirs.Count > 1 && (hidden.Contains(name) || !seen.Add(name))) continue;
                // An upper directory may merge lowers (its number is the lower one) and a copied-up entry keeps its
                // origin's number: only a lookup knows, and d_ino must equal st_ino.
                ulong ino = layer.IsUpper && node.Children?.ContainsKey(name) != true
                    ? (withInodes ? LookupIno(node, name) : 0)
                    : MapIno(layer, entry.Inode);
                if (ino == 0 && withInodes) ino = MapIno(layer, entry.Inode);
                into.Add(new DirectoryEntry(name, kind, ino));
                if (!layer.IsUpper && node.Children?.ContainsKey(name) != true)
                    (node.ListedInLower ??= new Dictionary<string, int>(_names))[name] = d - lowerBase;
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

    /// <summary>The inode number a lookup of <paramref name="name"/> gives (0 when there is none), keeping no node.</summary>
    public ulong InodeNumber(ulong parentId, string name)
    {
        lock (_lock)
        {
            return TryGetNode(parentId, out var parent, out _) ? LookupIno(parent, name) : 0;
        }
    }

    private ulong LookupIno(Node parent, string name)
    {
        if (ResolveChild(parent, name, out var child) != FsError.None) return 0;
        ulong ino = child!.Ino;
        if (child.Lookups == 0 && child.OpenCount == 0 && child.Children is null or { Count: 0 })
        {
            _nodes.Remove(child.Id);
            child.CloseDirectories();
            parent.Children!.Remove(name);
            child.Detached = true;
        }
        return ino;
    }

    /// <summary>Whether a directory node shows no entries at all in the merged view.</summary>
    private bool IsEmptyMerged(Node node, out FsError error)
    {
        var entries = new List<DirectoryEntry>();
        error = MergeEntries(node, entries);
        return error == FsError.None && entries.Count == 0;
    }
}
