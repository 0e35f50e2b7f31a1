// The case-folded index of one host directory, for case-insensitive unions: which spellings stand for a name.
// Built from one readdir when first needed and kept on the directory handle; FoldingHost keeps it current with
// every change the engine makes through that handle, so a lookup never rescans the directory.
// Locking: read and changed only under the engine lock (every engine call that reaches a host directory holds it).
namespace Union.Core.Host;

using Union.Core.Whiteouts;

internal sealed class FoldedNames
{
    private static readonly StringComparer Fold = StringComparer.OrdinalIgnoreCase;

    // Folded name -> its spellings in this directory, ordinal order (a case-sensitive host may hold several).
    private readonly Dictionary<string, List<string>> _entries = new(Fold);
    // Folded target of an OCI whiteout (".wh.NAME" -> NAME) -> the spellings of NAME whited out.
    private readonly Dictionary<string, List<string>> _whiteouts = new(Fold);

    /// <summary>The index of <paramref name="dir"/>, built on first use; null when the directory cannot be read.</summary>
    public static FoldedNames? Of(IHostFileSystem host, HostDirectory dir)
    {
        if (dir.Folded is { } known) return known;
        var listed = new List<HostEntry>();
        if (host.ReadDirectory(dir, listed) != FsError.None) return null;
        var index = new FoldedNames();
        foreach (var entry in listed) index.Added(entry.Name);
        dir.Folded = index;
        return index;
    }

    /// <summary>
    /// The spelling that stands for <paramref name="name"/> here, or null. When one directory holds several case
    /// variants (possible on a case-sensitive host) the ordinal-first wins and the others are hidden, in lookups
    /// and readdir alike.
    /// </summary>
    public string? Find(string name) => _entries.TryGetValue(name, out var spellings) ? spellings[0] : null;

    /// <summary>Whether a <c>.wh.</c> whiteout for any case variant of <paramref name="name"/> stands here.</summary>
    public bool HasWhiteout(string name) => _whiteouts.ContainsKey(name);

    /// <summary>The spellings of the OCI whiteouts for <paramref name="name"/> (without the prefix).</summary>
    public IReadOnlyList<string> WhiteoutsOf(string name) =>
        _whiteouts.TryGetValue(name, out var spellings) ? spellings : [];

    public void Added(string hostName)
    {
        var (map, name) = Classify(hostName);
        if (name is null) return;
        if (!map.TryGetValue(name, out var spellings)) map.Add(name, [name]);
        else
        {
            int at = spellings.BinarySearch(name, StringComparer.Ordinal);
            if (at < 0) spellings.Insert(~at, name);
        }
    }

    public void Removed(string hostName)
    {
        var (map, name) = Classify(hostName);
        if (name is null || !map.TryGetValue(name, out var spellings)) return;
        spellings.Remove(name);
        if (spellings.Count == 0) map.Remove(name);
    }

    private (Dictionary<string, List<string>> Map, string? Name) Classify(string hostName)
    {
        if (!hostName.StartsWith(Markers.OciPrefix, StringComparison.Ordinal)) return (_entries, hostName);
        if (Markers.IsMetadataName(hostName) || hostName.Length == Markers.OciPrefix.Length) return (_whiteouts, null);
        return (_whiteouts, hostName[Markers.OciPrefix.Length..]);
    }
}
