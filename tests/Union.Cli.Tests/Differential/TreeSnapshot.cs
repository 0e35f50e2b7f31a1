// The whole merged tree as two mounts must agree on it: one line per entry, plus which names share an inode.
namespace Union.Cli.Tests.Differential;

using System.Security.Cryptography;
using System.Text;

internal sealed class TreeSnapshot
{
    public List<(string Path, bool IsDirectory)> Entries { get; } = [];
    /// <summary>path → type, permission bits, size (not for directories), nlink, link target or content hash, user xattrs.</summary>
    public SortedDictionary<string, string> Lines { get; } = new(StringComparer.Ordinal);
    /// <summary>path → inode number, for the identity comparison.</summary>
    public Dictionary<string, ulong> Inodes { get; } = [];
    /// <summary>path → mtime in nanoseconds: the runs differ in wall-clock time, but not in which steps change it.</summary>
    public Dictionary<string, long> ModifyTimes { get; } = [];

    public static TreeSnapshot Take(string root)
    {
        var snapshot = new TreeSnapshot();
        snapshot.Walk(root, "");
        return snapshot;
    }

    private void Walk(string root, string relative)
    {
        var (errno, names) = Sys.ReadDirectory(relative.Length == 0 ? root : Path.Combine(root, relative));
        if (errno != 0) { Lines[relative + "/"] = "readdir " + Sys.ErrnoName(errno); return; }
        foreach (var name in names)
        {
            string rel = relative.Length == 0 ? name : relative + "/" + name;
            string full = Path.Combine(root, rel);
            int e = Sys.Lstat(full, out var stat);
            if (e != 0) { Lines[rel] = "lstat " + Sys.ErrnoName(e); continue; }
            var line = new StringBuilder().Append(stat.Type).Append(' ').Append(Convert.ToString(stat.Mode & 0xFFF, 8))
                .Append(" nlink ").Append(stat.Nlink);
            if (!stat.IsDirectory) line.Append(" size ").Append(stat.Size);
            if (stat.IsSymlink) line.Append(" -> ").Append(Sys.ReadLink(full));
            if (stat.IsRegular) line.Append(" md5 ").Append(Hash(full));
            foreach (var x in Sys.UserXattrs(full)) line.Append(' ').Append(x);
            Lines[rel] = line.ToString();
            Inodes[rel] = stat.Ino;
            ModifyTimes[rel] = stat.MtimeNanoseconds;
            Entries.Add((rel, stat.IsDirectory));
            if (stat.IsDirectory) Walk(root, rel);
        }
    }

    private static string Hash(string path)
    {
        try { return Convert.ToHexString(MD5.HashData(File.ReadAllBytes(path)))[..12]; }
        catch (IOException ex) { return ex.GetType().Name; }
        catch (UnauthorizedAccessException) { return "EACCES"; }
    }

    /// <summary>Names grouped by inode: each group is the set of names of one file, independent of the numbers.</summary>
    public SortedSet<string> IdentityGroups()
    {
        var groups = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var g in Inodes.GroupBy(kv => kv.Value))
            groups.Add(string.Join(" = ", g.Select(kv => kv.Key).Order(StringComparer.Ordinal)));
        return groups;
    }

    /// <summary>The differences from <paramref name="other"/>, one per line; empty when the trees agree.</summary>
    public List<string> Differences(TreeSnapshot other, string name, string otherName)
    {
        var diffs = new List<string>();
        foreach (var key in Lines.Keys.Union(other.Lines.Keys).Order(StringComparer.Ordinal))
        {
            Lines.TryGetValue(key, out var mine);
            other.Lines.TryGetValue(key, out var theirs);
            if (mine != theirs) diffs.Add($"{key}: {name} [{mine ?? "missing"}] {otherName} [{theirs ?? "missing"}]");
        }
        var groups = IdentityGroups();
        var otherGroups = other.IdentityGroups();
        foreach (var g in groups.Except(otherGroups)) diffs.Add($"same inode in {name} only: {g}");
        foreach (var g in otherGroups.Except(groups)) diffs.Add($"same inode in {otherName} only: {g}");
        return diffs;
    }
}
