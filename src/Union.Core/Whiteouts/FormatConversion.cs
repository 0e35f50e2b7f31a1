// Rewrites an upper's markers from one whiteout format to the other: whiteouts, opaque markers and redirects (the
// overlay.redirect xattr and the `.wh..wh..redirect` file). Each new marker is made before the old one goes, so the
// view is the same at every step.
namespace Union.Core.Whiteouts;

using Union.Core.Host;

/// <summary>Converts an upper layer between OCI (<c>.wh.</c> files) and kernel overlay (0/0 devices, xattrs) markers.</summary>
public static class FormatConversion
{
    /// <summary>Converts every marker under <paramref name="upper"/> to <paramref name="to"/>; returns how many changed.</summary>
    public static int Convert(string upper, WhiteoutFormat to)
    {
        var host = UnionFileSystem.CreateHost();
        var full = Path.GetFullPath(upper);
        if (!Directory.Exists(full)) throw new FsException(FsError.NotFound, $"upper directory '{full}' does not exist");
        Check(host.OpenRoot(full, out var root), full);
        var markers = new Markers(host, to, userXattrs: !Environment.IsPrivilegedProcess);
        using (root) return ConvertDirectory(host, markers, root!, "/");
    }

    private static int ConvertDirectory(IHostFileSystem host, Markers markers, HostDirectory dir, string path)
    {
        int changed = 0;
        var entries = new List<HostEntry>();
        Check(host.ReadDirectory(dir, entries), path);
        var names = new HashSet<string>(entries.Select(e => e.Name), StringComparer.Ordinal);
        if (markers.Format == WhiteoutFormat.Overlay)
        {
            foreach (var entry in entries)
            {
                if (entry.Name == Markers.OciOpaque)
                {
                    Check(markers.MakeOpaque(dir), path);
                    Check(host.Remove(dir, entry.Name, directory: false), path);
                    changed++;
                }
                else if (Markers.IsReservedName(entry.Name) && !Markers.IsMetadataName(entry.Name))
                {
                    var hidden = entry.Name[Markers.OciPrefix.Length..];
                    // An entry beside its own OCI whiteout already hides the lower one: only the marker goes.
                    if (!names.Contains(hidden)) Check(markers.CreateWhiteout(dir, hidden), path);
                    Check(host.Remove(dir, entry.Name, directory: false), path);
                    changed++;
                }
            }
        }
        else
        {
            foreach (var entry in entries)
            {
                if (Markers.IsReservedName(entry.Name) || host.Stat(dir, entry.Name, out var attributes) != FsError.None) continue;
                if (!Markers.IsWhiteout(attributes)) continue;
                Check(markers.CreateWhiteout(dir, entry.Name), path);
                Check(host.Remove(dir, entry.Name, directory: false), path);
                changed++;
            }
            if (markers.ReadDirectoryMarkers(dir).Opaque && !names.Contains(Markers.OciOpaque))
            {
                Check(markers.MakeOpaque(dir), path);
                changed++;
            }
            foreach (var ns in new[] { "trusted.overlay.opaque", "user.overlay.opaque" })
                host.RemoveXattr(dir, null, ns);
        }
        Check(markers.ConvertRedirect(dir, out bool redirectConverted), path);
        if (redirectConverted) changed++;
        foreach (var entry in entries)
        {
            if (entry.Kind != FileKind.Directory || Markers.IsReservedName(entry.Name)) continue;
            Check(host.OpenDirectory(dir, entry.Name, out var child), path + entry.Name);
            using (child) changed += ConvertDirectory(host, markers, child!, path + entry.Name + "/");
        }
        return changed;
    }

    private static void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot convert '{where}': {error}");
    }
}
