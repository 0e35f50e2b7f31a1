// Reads /proc/self/mountinfo: which paths are mount points and which of them are union mounts.
namespace Union.Linux;

using System.Runtime.Versioning;
using System.Text;

/// <summary>One line of /proc/self/mountinfo, the fields a union tool cares about; Device is its "major:minor".</summary>
public readonly record struct MountEntry(string MountPoint, string FsType, string Source, string Device);

[SupportedOSPlatform("linux")]
public static class MountTable
{
    public const string UnionFsType = "fuse.union";

    public static IReadOnlyList<MountEntry> Read()
    {
        var entries = new List<MountEntry>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            // id parent maj:min root mountpoint options [optional...] - fstype source superoptions
            var fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            if (dash < 0 || fields.Length < dash + 3 || fields.Length < 5) continue;
            entries.Add(new MountEntry(Unescape(fields[4]), fields[dash + 1], Unescape(fields[dash + 2]), fields[2]));
        }
        return entries;
    }

    public static bool IsMountPoint(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        foreach (var entry in Read())
            if (entry.MountPoint == full) return true;
        return false;
    }

    /// <summary>The mount a path lookup at <paramref name="mountPoint"/> reaches: the last one mounted there.</summary>
    public static MountEntry? TopmostAt(string mountPoint)
    {
        MountEntry? top = null;
        foreach (var entry in Read())
            if (entry.MountPoint == mountPoint) top = entry;
        return top;
    }

    public static IEnumerable<MountEntry> Unions()
    {
        foreach (var entry in Read())
            if (entry.FsType == UnionFsType) yield return entry;
    }

    /// <summary>The kernel writes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var bytes = new List<byte>();
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                try { bytes.Add(Convert.ToByte(field.Substring(i + 1, 3), 8)); i += 3; continue; }
                catch (FormatException) { }
                catch (ArgumentOutOfRangeException) { }
            }
            bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
