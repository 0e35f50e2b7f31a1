// Walks an upper layer (both whiteout formats, opaque markers, redirects, origin xattrs) against a read-only union
// of its lowers and lists what changed. The upper is read fd-relative with no-follow calls; the lowers through the
// engine itself, so their own whiteouts, opaque directories and redirects count exactly as a mount shows them.
namespace Union.Core.Changes;

using Union.Core.Host;
using Union.Core.Whiteouts;

internal sealed class ChangeSetReader : IDisposable
{
    /// <summary>Low bits of an inode number: the origin xattr holds the xino form, with a filesystem index on top.</summary>
    private const ulong InodeBits = (1UL << 56) - 1;
    private static readonly string[] OriginXattrs = ["trusted.unionfs.origin", "user.unionfs.origin"];

    private readonly IHostFileSystem _host;
    private readonly HostDirectory _upperRoot;
    private readonly UnionFileSystem? _lowers;
    private readonly Markers _markers;
    private readonly EntryComparison _compare;
    private readonly List<Change?> _changes = [];
    private readonly Dictionary<ulong, int> _deletedFiles = [];
    private readonly List<(int Index, ulong Origin)> _movedCandidates = [];
    private readonly HashSet<string> _renamedFrom = new(StringComparer.Ordinal);

    public ChangeSetReader(string upper, IReadOnlyList<string> lowers)
    {
        _host = UnionFileSystem.CreateHost();
        var upperPath = Path.GetFullPath(upper);
        if (!Directory.Exists(upperPath))
            throw new FsException(FsError.NotFound, $"upper directory '{upperPath}' does not exist");
        var error = _host.OpenRoot(upperPath, out var root);
        if (error != FsError.None) throw new FsException(error, $"cannot open upper '{upperPath}': {error}");
        _upperRoot = root!;
        try
        {
            if (lowers.Count > 0) _lowers = UnionFileSystem.Open(new UnionOptions { Lowers = lowers }, _host);
        }
        catch
        {
            _upperRoot.Dispose();
            throw;
        }
        _markers = new Markers(_host, WhiteoutFormat.Oci, userXattrs: false);
        _compare = new EntryComparison(_host, _lowers);
    }

    public List<Change> Read()
    {
        Walk(_upperRoot, "/", _lowers is null ? null : UnionFileSystem.RootId, "/", _markers.ReadDirectoryMarkers(_upperRoot).HidesLower);
        foreach (var (index, origin) in _movedCandidates)
        {
            if (!_deletedFiles.Remove(origin & InodeBits, out int deleted)) continue;
            var added = _changes[index]!;
            _changes[index] = added with { Kind = ChangeKind.Renamed, From = _changes[deleted]!.Path };
            _changes[deleted] = null;
        }
        var result = new List<Change>(_changes.Count);
        foreach (var change in _changes)
            if (change is not null && !(change.Kind == ChangeKind.Deleted && _renamedFrom.Contains(change.Path)))
                result.Add(change);
        return result;
    }

    /// <summary>
    /// One upper directory at <paramref name="path"/>; <paramref name="lowerDir"/> is the lower view's node for what
    /// it merges with (null when nothing below), found at <paramref name="lowerPath"/>.
    /// </summary>
    private void Walk(HostDirectory dir, string path, ulong? lowerDir, string lowerPath, bool opaque)
    {
        var entries = new List<HostEntry>();
        Check(_host.ReadDirectory(dir, entries), dir.Path);
        var present = new List<(string Name, EntryAttributes Attributes)>();
        var whiteouts = new List<string>();
        foreach (var entry in entries)
        {
            if (Markers.IsMetadataName(entry.Name)) continue;
            if (Markers.IsReservedName(entry.Name)) { whiteouts.Add(entry.Name[Markers.OciPrefix.Length..]); continue; }
            var error = _host.Stat(dir, entry.Name, out var attributes);
            if (error == FsError.NotFound) continue;
            Check(error, $"{dir.Path}/{entry.Name}");
            if (Markers.IsWhiteout(attributes)) whiteouts.Add(entry.Name);
            else present.Add((entry.Name, attributes));
        }
        var presentNames = new HashSet<string>(present.Select(p => p.Name), StringComparer.Ordinal);
        ulong? below = opaque ? null : lowerDir;

        if (opaque && lowerDir is { } hidden && _lowers!.ReadDirectory(hidden, out var listing) == FsError.None)
            foreach (var entry in listing!.Entries)
                if (!presentNames.Contains(entry.Name)) AddDeleted(hidden, entry.Name, Join(path, entry.Name));
        foreach (var name in whiteouts)
        {
            if (presentNames.Contains(name)) continue;  // an entry beside its own OCI whiteout replaces the lower one
            if (_lowers is null) _changes.Add(new Change(Join(path, name), ChangeKind.Deleted, FileKind.None, 0));
            else if (below is { } l) AddDeleted(l, name, Join(path, name));  // else: a whiteout over nothing
        }
        foreach (var (name, attributes) in present)
            Visit(dir, name, attributes, Join(path, name), below, lowerPath);
    }

    private void Visit(HostDirectory dir, string name, in EntryAttributes upper, string path, ulong? lowerDir, string parentLowerPath)
    {
        ulong lowerId = 0;
        EntryAttributes lower = default;
        bool hasLower = lowerDir is { } l && _lowers!.Lookup(l, name, out lowerId, out lower) == FsError.None;
        long size = upper.Kind is FileKind.Regular or FileKind.Symlink ? upper.Size : 0;
        if (upper.IsDirectory)
        {
            Check(_host.OpenDirectory(dir, name, out var child), $"{dir.Path}/{name}");
            using (child)
                VisitDirectory(child!, upper, path, hasLower ? lowerId : null, lower, Join(parentLowerPath, name), parentLowerPath);
            return;
        }
        if (!hasLower)
        {
            _changes.Add(new Change(path, ChangeKind.Added, upper.Kind, size));
            if (ReadOrigin(dir, name) is { } origin) _movedCandidates.Add((_changes.Count - 1, origin));
            return;
        }
        if (lower.Kind != upper.Kind || _compare.ContentDiffers(dir, name, upper, lowerId, lower))
            _changes.Add(new Change(path, ChangeKind.Modified, upper.Kind, size));
        else if (_compare.MetadataDiffers(dir, name, upper, lowerId, lower))
            _changes.Add(new Change(path, ChangeKind.Metadata, upper.Kind, size));
    }

    private void VisitDirectory(HostDirectory child, in EntryAttributes upper, string path, ulong? lowerId,
        in EntryAttributes lower, string lowerPath, string parentLowerPath)
    {
        var markers = _markers.ReadDirectoryMarkers(child);
        bool opaque = markers.HidesLower;
        if (markers.Redirect is { } redirect && _lowers is not null)
        {
            var from = redirect.StartsWith('/') ? redirect : Join(parentLowerPath, redirect);
            if (_lowers.ResolvePath(from, out var fromId) == FsError.None &&
                _lowers.GetAttributes(fromId, out var origin) == FsError.None && origin.IsDirectory)
            {
                if (from != path)
                {
                    _changes.Add(new Change(path, ChangeKind.Renamed, FileKind.Directory, 0, from));
                    _renamedFrom.Add(from);
                }
                else if (_compare.MetadataDiffers(child, null, upper, fromId, origin))
                {
                    _changes.Add(new Change(path, ChangeKind.Metadata, FileKind.Directory, 0));
                }
                Walk(child, path, fromId, from, opaque);
                return;
            }
        }
        if (lowerId is { } id && lower.IsDirectory)
        {
            if (_compare.MetadataDiffers(child, null, upper, id, lower))
                _changes.Add(new Change(path, ChangeKind.Metadata, FileKind.Directory, 0));
            Walk(child, path, id, lowerPath, opaque);
            return;
        }
        _changes.Add(new Change(path, lowerId is null ? ChangeKind.Added : ChangeKind.Modified, FileKind.Directory, 0));
        Walk(child, path, null, lowerPath, opaque);
    }

    private void AddDeleted(ulong lowerDir, string name, string path)
    {
        if (_lowers!.Lookup(lowerDir, name, out _, out var lower) != FsError.None) return;
        long size = lower.Kind is FileKind.Regular or FileKind.Symlink ? lower.Size : 0;
        _changes.Add(new Change(path, ChangeKind.Deleted, lower.Kind, size));
        if (!lower.IsDirectory) _deletedFiles.TryAdd(lower.Inode & InodeBits, _changes.Count - 1);
    }

    /// <summary>The origin inode a copy-up recorded on an upper file, if any (a file moved from a lower path keeps it).</summary>
    private ulong? ReadOrigin(HostDirectory dir, string name)
    {
        Span<byte> value = stackalloc byte[16];
        foreach (var attribute in OriginXattrs)
            if (_host.GetXattr(dir, name, attribute, value, out int n) == FsError.None && n >= 8)
                return BitConverter.ToUInt64(value);
        return null;
    }

    private static string Join(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

    private static void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot read '{where}': {error}");
    }

    public void Dispose()
    {
        _lowers?.Dispose();
        _upperRoot.Dispose();
    }
}
