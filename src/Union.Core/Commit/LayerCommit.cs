// Applies an upper layer's changes to a plain directory: whiteouts delete, opaque directories replace, renamed
// directories (redirects) move, everything else is written. Each file lands atomically (built under a temp name in
// its target directory, then renamed over the old one); re-running after an interruption finishes the job, since
// every step is idempotent (a file is simply written again). All calls are fd-relative and no-follow.
namespace Union.Core.Commit;

using Union.Core.Host;
using Union.Core.Whiteouts;

internal sealed class LayerCommit : IDisposable
{
    /// <summary>Prefix of the temp names files are built under; leftovers of an interrupted run are removed.</summary>
    public const string TempPrefix = ".union-commit.";

    private readonly IHostFileSystem _host = UnionFileSystem.CreateHost();
    private readonly Markers _markers;
    private readonly bool _dryRun;
    private readonly Action<string>? _report;
    private readonly Action<long, long>? _progress;
    private readonly bool _isRoot = Environment.IsPrivilegedProcess;
    private readonly List<(HostDirectory Parent, string Name, Timestamp Time)> _directoryTimes = [];
    private readonly HostDirectory _upper;
    private readonly HostDirectory _target;
    private readonly byte[] _xattrValue = new byte[64 * 1024];
    private readonly List<(string From, string To)> _moves = [];
    private long _total;
    private long _done;

    public LayerCommit(string upper, string into, bool dryRun, Action<string>? report, Action<long, long>? progress)
    {
        _markers = new Markers(_host, WhiteoutFormat.Oci, userXattrs: false);
        _dryRun = dryRun;
        _report = report;
        _progress = progress;
        _upper = OpenRoot(upper, "upper");
        try { _target = OpenRoot(into, "target"); }
        catch { _upper.Dispose(); throw; }
    }

    private HostDirectory OpenRoot(string path, string role)
    {
        var full = Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new FsException(FsError.NotFound, $"{role} directory '{full}' does not exist");
        Check(_host.OpenRoot(full, out var dir), full);
        return dir!;
    }

    public void Run()
    {
        _total = Count(_upper);
        MoveRenamedDirectories(_upper, "/");
        Apply(_upper, _target, "/", _markers.ReadDirectoryMarkers(_upper).HidesLower);
        foreach (var (parent, name, time) in Enumerable.Reverse(_directoryTimes))
        {
            _host.SetTimes(parent, name, null, TimeChange.To(time));
            parent.Dispose();
        }
    }

    /// <summary>Number of upper entries, for the progress bar.</summary>
    private long Count(HostDirectory dir)
    {
        var entries = new List<HostEntry>();
        if (_host.ReadDirectory(dir, entries) != FsError.None) return 0;
        long count = entries.Count;
        foreach (var entry in entries)
            if (entry.Kind == FileKind.Directory && _host.OpenDirectory(dir, entry.Name, out var child) == FsError.None)
                using (child) count += Count(child!);
        return count;
    }

    /// <summary>
    /// First pass: a directory renamed in the union carries a redirect to its old path; its content moves there in
    /// the target before anything else is applied. Done already (old path gone, new one present) is skipped.
    /// Parents move first, so a redirect under a moved parent is looked up where that parent went.
    /// </summary>
    private void MoveRenamedDirectories(HostDirectory dir, string path)
    {
        var entries = new List<HostEntry>();
        Check(_host.ReadDirectory(dir, entries), path);
        foreach (var entry in entries)
        {
            if (entry.Kind != FileKind.Directory || Markers.IsReservedName(entry.Name)) continue;
            Check(_host.OpenDirectory(dir, entry.Name, out var child), Join(path, entry.Name));
            using (child)
            {
                var childPath = Join(path, entry.Name);
                if (_markers.ReadDirectoryMarkers(child!).Redirect is { } redirect)
                {
                    var from = redirect.StartsWith('/') ? Remap(redirect) : Join(path, redirect);
                    if (from != childPath)
                    {
                        Move(from, childPath);
                        _moves.Add((from, childPath));
                    }
                }
                MoveRenamedDirectories(child!, childPath);
            }
        }
    }

    private string Remap(string lowerPath)
    {
        foreach (var (from, to) in _moves)
            if (lowerPath == from || lowerPath.StartsWith(from + "/", StringComparison.Ordinal))
                return to + lowerPath[from.Length..];
        return lowerPath;
    }

    private void Move(string from, string to)
    {
        using var fromParent = OpenTargetParent(from);
        using var toParent = OpenTargetParent(to);
        if (fromParent is null || toParent is null) return;
        var fromName = Path.GetFileName(from);
        var toName = Path.GetFileName(to);
        if (_host.Stat(fromParent, fromName, out var source) != FsError.None || !source.IsDirectory) return;
        if (_host.Stat(toParent, toName, out _) == FsError.None) return;
        _report?.Invoke($"move {from} -> {to}");
        if (!_dryRun) Check(_host.Rename(fromParent, fromName, toParent, toName, RenameFlags.NoReplace), to);
    }

    private HostDirectory? OpenTargetParent(string path)
    {
        Check(_host.OpenDirectory(_target, ".", out var current), "/");
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var error = _host.OpenDirectory(current!, parts[i], out var next);
            current!.Dispose();
            if (error != FsError.None) return null;
            current = next;
        }
        return current;
    }

    /// <summary>Applies one upper directory to its target (null in a dry run where the target does not exist yet).</summary>
    private void Apply(HostDirectory upper, HostDirectory? target, string path, bool opaque)
    {
        var entries = new List<HostEntry>();
        Check(_host.ReadDirectory(upper, entries), path);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var present = new List<(string Name, EntryAttributes Attributes)>();
        var deleted = new List<string>();
        foreach (var entry in entries)
        {
            Tick();
            if (Markers.IsMetadataName(entry.Name)) continue;
            if (Markers.IsReservedName(entry.Name)) { deleted.Add(entry.Name[Markers.OciPrefix.Length..]); continue; }
            Check(_host.Stat(upper, entry.Name, out var attributes), Join(path, entry.Name));
            if (Markers.IsWhiteout(attributes)) deleted.Add(entry.Name);
            else present.Add((entry.Name, attributes));
        }
        var keep = new HashSet<string>(present.Select(p => p.Name), StringComparer.Ordinal);
        if (target is not null)
        {
            var existing = new List<HostEntry>();
            Check(_host.ReadDirectory(target, existing), path);
            foreach (var entry in existing)
            {
                if (entry.Name.StartsWith(TempPrefix, StringComparison.Ordinal)) Remove(target, entry.Name, null);
                else if (opaque && !keep.Contains(entry.Name)) Remove(target, entry.Name, $"delete {Join(path, entry.Name)} (opaque)");
            }
            foreach (var name in deleted)
                if (!keep.Contains(name) && !IsMoveSource(Join(path, name)) && _host.Stat(target, name, out _) == FsError.None)
                    Remove(target, name, $"delete {Join(path, name)}");
        }
        foreach (var (name, attributes) in present)
        {
            if (attributes.IsDirectory) ApplyDirectory(upper, target, name, attributes, Join(path, name));
            else ApplyFile(upper, target, name, attributes, Join(path, name));
        }
    }

    private void ApplyDirectory(HostDirectory upper, HostDirectory? target, string name, in EntryAttributes attributes, string path)
    {
        Check(_host.OpenDirectory(upper, name, out var source), path);
        using (source)
        {
            EntryAttributes existing = default;
            bool exists = target is not null && _host.Stat(target, name, out existing) == FsError.None;
            if (exists && !existing.IsDirectory)
            {
                Remove(target!, name, $"delete {path} (a directory replaces it)");
                exists = false;
            }
            if (!exists && !_moves.Any(m => m.To == path)) _report?.Invoke($"mkdir {path}");
            HostDirectory? child = null;
            if (!_dryRun)
            {
                Check(HostTree.OpenOrCreateDirectory(_host, target!, name, 0x1C0, out child), path);
                CopyMetadata(source!, null, target!, name, attributes);
                Check(_host.OpenDirectory(target!, ".", out var parent), path);
                _directoryTimes.Add((parent!, name, attributes.ModifyTime));
            }
            else if (exists)
            {
                Check(_host.OpenDirectory(target!, name, out child), path);
            }
            using (child) Apply(source!, child, path, _markers.ReadDirectoryMarkers(source!).HidesLower);
        }
    }

    private void ApplyFile(HostDirectory upper, HostDirectory? target, string name, in EntryAttributes attributes, string path)
    {
        _report?.Invoke($"write {path}");
        if (_dryRun) return;
        if (_host.Stat(target!, name, out var old) == FsError.None && old.IsDirectory) Remove(target!, name, null);
        string temp = TempPrefix + name;
        if (temp.Length > 255) temp = TempPrefix + Guid.NewGuid().ToString("N");
        Remove(target!, temp, null);
        Check(CreateCopy(upper, name, target!, temp, attributes), path);
        CopyMetadata(upper, name, target!, temp, attributes);
        Check(_host.Rename(target!, temp, target!, name, RenameFlags.None), path);
    }

    private FsError CreateCopy(HostDirectory dir, string name, HostDirectory target, string temp, in EntryAttributes attributes)
    {
        switch (attributes.Kind)
        {
            case FileKind.Regular:
                var error = _host.Open(dir, name, OpenMode.ReadOnly, 0, out var source);
                if (error != FsError.None) return error;
                using (source)
                {
                    error = _host.Open(target, temp, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, 0x180, out var copy);
                    if (error != FsError.None) return error;
                    using (copy)
                    {
                        error = _host.CopyData(source!, copy!, attributes.Size);
                        return error == FsError.None ? _host.Sync(copy!, dataOnly: true) : error;
                    }
                }
            case FileKind.Symlink:
                error = _host.ReadLink(dir, name, out var link);
                return error == FsError.None ? _host.CreateSymlink(target, temp, link!) : error;
            default:
                return _host.CreateNode(target, temp, attributes.Mode, attributes.Rdev);
        }
    }

    /// <summary>Owner (root only), xattrs but the engine's own, mode, times; <paramref name="name"/> null is the directory itself.</summary>
    private void CopyMetadata(HostDirectory dir, string? name, HostDirectory target, string targetName, in EntryAttributes attributes)
    {
        if (_isRoot) _host.SetOwner(target, targetName, attributes.Uid, attributes.Gid);
        var names = new List<string>();
        if (_host.ListXattr(dir, name, names) == FsError.None)
            foreach (var attribute in names)
                if (!Markers.IsReservedXattr(attribute) && _host.GetXattr(dir, name, attribute, _xattrValue, out int n) == FsError.None)
                    _host.SetXattr(target, targetName, attribute, _xattrValue.AsSpan(0, n), 0);
        if (attributes.Kind == FileKind.Symlink) return;
        _host.SetMode(target, targetName, attributes.Mode);
        if (!attributes.IsDirectory)
            _host.SetTimes(target, targetName, TimeChange.To(attributes.AccessTime), TimeChange.To(attributes.ModifyTime));
    }

    /// <summary>A whiteout at a renamed directory's old path: the move took it already (or will, in a dry run).</summary>
    private bool IsMoveSource(string path) => _dryRun && _moves.Any(m => m.From == path);

    private void Remove(HostDirectory dir, string name, string? description)
    {
        if (description is not null) _report?.Invoke(description);
        if (!_dryRun) Check(HostTree.Remove(_host, dir, name), name);
    }

    private void Tick()
    {
        _done++;
        _progress?.Invoke(_done, _total);
    }

    private static string Join(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

    private static void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot commit '{where}': {error}");
    }

    public void Dispose()
    {
        _upper.Dispose();
        _target.Dispose();
    }
}
