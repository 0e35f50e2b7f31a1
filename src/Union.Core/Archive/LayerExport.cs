// Writes an upper layer, or a merged view, as a PAX tar in OCI layer form. The upper is read fd-relative with no
// follow; whiteouts of either format become `.wh.NAME`, opaque markers `.wh..wh..opq`; the engine's own xattrs stay out.
// A renamed directory (a redirect, either form) has no OCI spelling: it is written opaque with its merged content,
// beside the whiteout of its old name that the rename left.
namespace Union.Core.Archive;

using System.Formats.Tar;
using System.Text;
using Union.Core.Host;
using Union.Core.Whiteouts;

internal sealed class LayerExport : IDisposable
{
    private const string XattrKey = "SCHILY.xattr.";
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);
    private readonly IHostFileSystem _host = UnionFileSystem.CreateHost();
    private readonly TarWriter _tar;
    private readonly string? _upper;
    private readonly IReadOnlyList<string> _lowers;
    private readonly Markers _markers;
    private readonly Dictionary<ulong, string> _firstLink = [];
    private readonly byte[] _xattrValue = new byte[64 * 1024];
    private UnionFileSystem? _merged;

    public LayerExport(Stream output, string? upper, IReadOnlyList<string> lowers)
    {
        _tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        _upper = upper is null ? null : Path.GetFullPath(upper);
        _lowers = lowers;
        _markers = new Markers(_host, WhiteoutFormat.Oci, userXattrs: false);
    }

    public void WriteUpper()
    {
        if (_upper is null || !Directory.Exists(_upper)) throw new FsException(FsError.NotFound, $"upper directory '{_upper}' does not exist");
        Check(_host.OpenRoot(_upper, out var root), _upper);
        using (root) WriteUpperDirectory(root!, "", _markers.ReadDirectoryMarkers(root!).HidesLower);
    }

    public void WriteMerged() => WriteMergedDirectory(Merged(), UnionFileSystem.RootId, "");

    private void WriteUpperDirectory(HostDirectory dir, string prefix, bool opaque)
    {
        var entries = new List<HostEntry>();
        Check(_host.ReadDirectory(dir, entries), dir.Path);
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var present = new List<(string Name, EntryAttributes Attributes)>();
        bool wroteOpaque = false;
        // Whiteouts first, as OCI asks: they apply to the layers below, never to this layer's own entries.
        foreach (var entry in entries)
        {
            if (Markers.IsMetadataName(entry.Name))
            {
                // The opaque marker is OCI's own; a redirect has no OCI spelling (below), aufs's names no meaning.
                if (entry.Name == Markers.OciOpaque) WriteMarker(prefix + entry.Name);
                wroteOpaque |= entry.Name == Markers.OciOpaque;
                continue;
            }
            if (Markers.IsReservedName(entry.Name))
            {
                WriteMarker(prefix + entry.Name);
                continue;
            }
            var error = _host.Stat(dir, entry.Name, out var attributes);
            if (error == FsError.NotFound) continue;
            Check(error, $"{dir.Path}/{entry.Name}");
            if (Markers.IsWhiteout(attributes)) WriteMarker(prefix + Markers.OciPrefix + entry.Name);
            else present.Add((entry.Name, attributes));
        }
        if (opaque && !wroteOpaque) WriteMarker(prefix + Markers.OciOpaque);
        foreach (var (name, attributes) in present)
        {
            string entryName = prefix + name;
            if (!attributes.IsDirectory)
            {
                WriteHostFile(dir, name, attributes, entryName);
                continue;
            }
            Check(_host.OpenDirectory(dir, name, out var child), $"{dir.Path}/{name}");
            using (child)
            {
                var markers = _markers.ReadDirectoryMarkers(child!);
                Write(TarEntryType.Directory, entryName + "/", attributes, HostXattrs(child!, null), null, null);
                if (markers.Redirect is null)
                {
                    WriteUpperDirectory(child!, entryName + "/", markers.HidesLower);
                    continue;
                }
                // A renamed directory has no OCI spelling: it becomes opaque with its whole merged content.
                if (_lowers.Count == 0)
                    throw new FsException(FsError.InvalidArgument,
                        $"'/{entryName}' is a renamed directory (redirect): give the lower layers to export its content");
                WriteMarker(entryName + "/" + Markers.OciOpaque);
                var merged = Merged();
                Check(merged.ResolvePath("/" + entryName, out var id), "/" + entryName);
                WriteMergedDirectory(merged, id, entryName + "/");
            }
        }
    }

    private void WriteMergedDirectory(UnionFileSystem view, ulong id, string prefix)
    {
        Check(view.ReadDirectory(id, out var listing), "/" + prefix);
        foreach (var entry in listing!.Entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            Check(view.Lookup(id, entry.Name, out var childId, out var attributes), "/" + prefix + entry.Name);
            string entryName = prefix + entry.Name;
            var xattrs = EngineXattrs(view, childId);
            switch (attributes.Kind)
            {
                case FileKind.Directory:
                    Write(TarEntryType.Directory, entryName + "/", attributes, xattrs, null, null);
                    WriteMergedDirectory(view, childId, entryName + "/");
                    break;
                case FileKind.Symlink:
                    Check(view.ReadLink(childId, out var target), entryName);
                    Write(TarEntryType.SymbolicLink, entryName, attributes, xattrs, target, null);
                    break;
                case FileKind.Regular:
                    if (IsRepeatLink(attributes, entryName, out var first))
                    {
                        Write(TarEntryType.HardLink, entryName, attributes, xattrs, first, null);
                        break;
                    }
                    Check(view.Open(childId, OpenMode.ReadOnly, out var file), entryName);
                    using (file) Write(TarEntryType.RegularFile, entryName, attributes, xattrs, null, new HandleStream(file!.Handle, attributes.Size));
                    break;
                default:
                    Write(NodeType(attributes.Kind), entryName, attributes, xattrs, null, null);
                    break;
            }
        }
    }

    private void WriteHostFile(HostDirectory dir, string name, in EntryAttributes attributes, string entryName)
    {
        var xattrs = HostXattrs(dir, name);
        switch (attributes.Kind)
        {
            case FileKind.Symlink:
                Check(_host.ReadLink(dir, name, out var target), entryName);
                Write(TarEntryType.SymbolicLink, entryName, attributes, xattrs, target, null);
                break;
            case FileKind.Regular:
                if (IsRepeatLink(attributes, entryName, out var first))
                {
                    Write(TarEntryType.HardLink, entryName, attributes, xattrs, first, null);
                    break;
                }
                Check(_host.Open(dir, name, OpenMode.ReadOnly, 0, out var file), entryName);
                using (file) Write(TarEntryType.RegularFile, entryName, attributes, xattrs, null, new HandleStream(file!, attributes.Size));
                break;
            default:
                Write(NodeType(attributes.Kind), entryName, attributes, xattrs, null, null);
                break;
        }
    }

    /// <summary>A file with several links is written once; its other names become hard-link entries to the first.</summary>
    private bool IsRepeatLink(in EntryAttributes attributes, string entryName, out string? first)
    {
        first = null;
        if (attributes.LinkCount < 2) return false;
        if (_firstLink.TryGetValue(attributes.Inode, out first)) return true;
        _firstLink[attributes.Inode] = entryName;
        return false;
    }

    private static TarEntryType NodeType(FileKind kind) => kind switch
    {
        FileKind.Fifo => TarEntryType.Fifo,
        FileKind.CharDevice => TarEntryType.CharacterDevice,
        FileKind.BlockDevice => TarEntryType.BlockDevice,
        _ => throw new FsException(FsError.NotSupported, $"cannot archive a {kind}"),
    };

    private void WriteMarker(string entryName) =>
        _tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, entryName)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = DateTimeOffset.UnixEpoch,
        });

    private void Write(TarEntryType type, string name, in EntryAttributes attributes, Dictionary<string, string> xattrs,
        string? link, Stream? data)
    {
        var entry = new PaxTarEntry(type, name, xattrs)
        {
            Mode = (UnixFileMode)(attributes.Mode & 0xFFF),
            Uid = (int)attributes.Uid,
            Gid = (int)attributes.Gid,
            ModificationTime = new DateTimeOffset(attributes.ModifyTime.ToDateTime(), TimeSpan.Zero),
        };
        if (data is not null) entry.DataStream = data;
        if (link is not null) entry.LinkName = link;
        if (type is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            ulong rdev = attributes.Rdev;
            entry.DeviceMajor = (int)(((rdev >> 8) & 0xfff) | ((rdev >> 32) & ~0xfffUL));
            entry.DeviceMinor = (int)((rdev & 0xff) | ((rdev >> 12) & ~0xffUL));
        }
        _tar.WriteEntry(entry);
    }

    private Dictionary<string, string> HostXattrs(HostDirectory dir, string? name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        if (_host.ListXattr(dir, name, names) != FsError.None) return result;
        foreach (var attribute in names)
            if (!Markers.IsReservedXattr(attribute) && _host.GetXattr(dir, name, attribute, _xattrValue, out int n) == FsError.None)
                AddXattr(result, attribute, n);
        return result;
    }

    private Dictionary<string, string> EngineXattrs(UnionFileSystem view, ulong id)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        if (view.ListXattr(id, names) != FsError.None) return result;
        foreach (var attribute in names)
            if (view.GetXattr(id, attribute, _xattrValue, out int n) == FsError.None) AddXattr(result, attribute, n);
        return result;
    }

    /// <summary>PAX records are text: a value that is not UTF-8 (a binary capability, say) is left out.</summary>
    private void AddXattr(Dictionary<string, string> into, string attribute, int length)
    {
        try { into[XattrKey + attribute] = StrictUtf8.GetString(_xattrValue, 0, length); }
        catch (DecoderFallbackException) { }
    }

    private UnionFileSystem Merged() =>
        _merged ??= UnionFileSystem.Open(new UnionOptions { Lowers = _upper is null ? _lowers : [_upper, .. _lowers] }, _host);

    private static void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot read '{where}': {error}");
    }

    public void Dispose()
    {
        _tar.Dispose();
        _merged?.Dispose();
    }
}
