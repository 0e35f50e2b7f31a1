// Finds (and optionally repairs) what a crash or a foreign tool can leave in an upper and its work directory:
// partial copies in work, whiteouts that hide nothing, both whiteout formats mixed in one upper, and redirects
// that are not a plain path inside a layer or lead nowhere (reported only: what they meant cannot be told).
namespace Union.Core.Layers;

using Union.Core.Host;
using Union.Core.Whiteouts;

/// <summary>One inconsistency: a short code, the path it concerns and whether it was repaired.</summary>
public sealed record LayerProblem(string Code, string Path, bool Repaired)
{
    public override string ToString() => $"{Code} {Path}" + (Repaired ? " (repaired)" : "");
}

/// <summary>Consistency check of an upper layer.</summary>
public static class LayerCheck
{
    /// <summary>A lower part that cannot be told (a relative redirect): no whiteout under it is judged. Node ids start at 1.</summary>
    private const ulong Unknown = 0;

    /// <summary>
    /// Checks <paramref name="upper"/>: "orphan-temp" entries in <paramref name="work"/>'s scratch folder (partial
    /// copies), "whiteout-over-nothing" (needs <paramref name="lowers"/>), "mixed-formats" markers (reported at the
    /// minority format's markers) and "bad-redirect" directories (a redirect that could leave a layer, or, with
    /// <paramref name="lowers"/>, that names no lower directory). With <paramref name="repair"/> the first two are
    /// removed and mixed markers are converted to the majority format; a bad redirect stays as it is.
    /// </summary>
    public static IReadOnlyList<LayerProblem> Run(string upper, IReadOnlyList<string> lowers, string? work, bool repair)
    {
        var problems = new List<LayerProblem>();
        var host = UnionFileSystem.CreateHost();
        var full = System.IO.Path.GetFullPath(upper);
        if (!Directory.Exists(full)) throw new FsException(FsError.NotFound, $"upper directory '{full}' does not exist");
        if (work is not null) CheckWork(host, System.IO.Path.GetFullPath(work), repair, problems);
        using var view = lowers.Count > 0 ? UnionFileSystem.Open(new UnionOptions { Lowers = lowers }, host) : null;
        Check(host.OpenRoot(full, out var root), full);
        var oci = new List<string>();
        var overlay = new List<string>();
        var markers = new Markers(host, WhiteoutFormat.Oci, userXattrs: false);
        using (root) Walk(host, markers, view, root!, "/", view is null ? null : UnionFileSystem.RootId, repair, problems, oci, overlay);
        if (oci.Count > 0 && overlay.Count > 0)
        {
            var (minority, target) = oci.Count < overlay.Count ? (oci, WhiteoutFormat.Overlay) : (overlay, WhiteoutFormat.Oci);
            foreach (var path in minority) problems.Add(new LayerProblem("mixed-formats", path, repair));
            if (repair) FormatConversion.Convert(full, target);
        }
        return problems;
    }

    private static void CheckWork(IHostFileSystem host, string work, bool repair, List<LayerProblem> problems)
    {
        var scratch = System.IO.Path.Combine(work, LayerStack.WorkSubdir);
        if (!Directory.Exists(scratch)) return;
        Check(host.OpenRoot(scratch, out var dir), scratch);
        using (dir)
        {
            var entries = new List<HostEntry>();
            Check(host.ReadDirectory(dir!, entries), scratch);
            foreach (var entry in entries)
            {
                if (repair) Check(HostTree.Remove(host, dir!, entry.Name), entry.Name);
                problems.Add(new LayerProblem("orphan-temp", System.IO.Path.Combine(scratch, entry.Name), repair));
            }
        }
    }

    private static void Walk(IHostFileSystem host, Markers markers, UnionFileSystem? view, HostDirectory dir, string path,
        ulong? lowerDir, bool repair, List<LayerProblem> problems, List<string> oci, List<string> overlay)
    {
        var entries = new List<HostEntry>();
        Check(host.ReadDirectory(dir, entries), path);
        var own = markers.ReadDirectoryMarkers(dir);
        bool ociOpaque = entries.Any(e => e.Name == Markers.OciOpaque);
        if (ociOpaque) oci.Add(path + Markers.OciOpaque);
        else if (own.Opaque) overlay.Add(path);
        if (entries.Any(e => e.Name == Markers.OciRedirect)) oci.Add(path + Markers.OciRedirect);
        else if ((own.Redirect ?? own.BadRedirect) is not null) overlay.Add(path);
        ulong? below = own.Opaque ? null : lowerDir;
        foreach (var entry in entries)
        {
            if (Markers.IsMetadataName(entry.Name) || host.Stat(dir, entry.Name, out var attributes) != FsError.None) continue;
            string? hidden = Markers.IsReservedName(entry.Name) ? entry.Name[Markers.OciPrefix.Length..]
                : Markers.IsWhiteout(attributes) ? entry.Name : null;
            if (hidden is not null)
            {
                (hidden == entry.Name ? overlay : oci).Add(path + entry.Name);
                // Under an opaque directory every lower name is hidden already; an OCI whiteout beside its entry is valid.
                bool hidesNothing = view is not null && below != Unknown &&
                    (below is null || view.Lookup(below.Value, hidden, out _, out _) != FsError.None);
                bool besideEntry = hidden != entry.Name && host.Stat(dir, hidden, out _) == FsError.None;
                if (hidesNothing && !besideEntry)
                {
                    if (repair) Check(host.Remove(dir, entry.Name, directory: false), path + entry.Name);
                    problems.Add(new LayerProblem("whiteout-over-nothing", path + hidden, repair));
                }
                continue;
            }
            if (!attributes.IsDirectory) continue;
            Check(host.OpenDirectory(dir, entry.Name, out var child), path + entry.Name);
            using (child)
            {
                ulong? childLower = null;
                var childMarkers = markers.ReadDirectoryMarkers(child!);
                if (childMarkers.BadRedirect is not null)
                {
                    problems.Add(new LayerProblem("bad-redirect", path + entry.Name, Repaired: false));
                    childLower = Unknown;
                }
                else if (view is not null && childMarkers.Redirect is { } redirect)
                {
                    childLower = Redirected(view, redirect);
                    if (childLower is null) problems.Add(new LayerProblem("bad-redirect", path + entry.Name, Repaired: false));
                    childLower ??= Unknown;
                }
                else if (below == Unknown)
                    childLower = Unknown;
                else if (below is { } b && view!.Lookup(b, entry.Name, out var id, out var lower) == FsError.None && lower.IsDirectory)
                    childLower = id;
                Walk(host, markers, view, child!, path + entry.Name + "/", childLower, repair, problems, oci, overlay);
            }
        }
    }

    /// <summary>The lowers' directory an absolute redirect names, or null when it names none; a relative one cannot be told here.</summary>
    private static ulong? Redirected(UnionFileSystem view, string redirect)
    {
        if (!redirect.StartsWith('/')) return Unknown;
        return view.ResolvePath(redirect, out var id) == FsError.None &&
            view.GetAttributes(id, out var origin) == FsError.None && origin.IsDirectory ? id : null;
    }

    private static void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot check '{where}': {error}");
    }
}
