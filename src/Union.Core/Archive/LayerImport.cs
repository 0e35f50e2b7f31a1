// Extracts an OCI layer tar into an upper directory, writing whiteouts in the requested format. Two passes: the
// first checks every name (no absolute path, no '..', nothing under an entry the archive makes a non-directory),
// so a bad archive changes nothing; the second extracts through fd-relative no-follow calls, so even a symlink
// already on disk cannot lead a write out of the root.
namespace Union.Core.Archive;

using System.Formats.Tar;
using System.Text;
using Union.Core.Host;
using Union.Core.Whiteouts;

internal sealed class LayerImport : IDisposable
{
    private const string XattrKey = "SCHILY.xattr.";
    private readonly IHostFileSystem _host = UnionFileSystem.CreateHost();
    private readonly string _into;
    private readonly Markers _markers;
    private readonly bool _isRoot = Environment.IsPrivilegedProcess;
    private readonly List<(string[] Parts, Timestamp Time)> _directoryTimes = [];
    private HostDirectory? _root;

    public LayerImport(string into, WhiteoutFormat format)
    {
        _into = Path.GetFullPath(into);
        _markers = new Markers(_host, format, userXattrs: !_isRoot);
    }

    public void Extract(Func<Stream> open)
    {
        using (var input = open()) Validate(input);
        Directory.CreateDirectory(_into);
        Check(_host.OpenRoot(_into, out _root), _into);
        using (var input = open())
        using (var reader = new TarReader(input))
            while (reader.GetNextEntry() is { } entry) Apply(entry);
        // Directory times last: creating their children changed them.
        for (int i = _directoryTimes.Count - 1; i >= 0; i--)
        {
            var (parts, time) = _directoryTimes[i];
            using var parent = OpenParent(parts, string.Join('/', parts), create: false);
            _host.SetTimes(parent, parts[^1], null, TimeChange.To(time));
        }
    }

    private static void Validate(Stream input)
    {
        var nonDirectories = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new TarReader(input);
        while (reader.GetNextEntry() is { } entry)
        {
            var parts = Split(entry.Name);
            for (int i = 1; i < parts.Length; i++)
                if (nonDirectories.Contains(string.Join('/', parts[..i])))
                    throw new InvalidDataException($"archive entry '{entry.Name}' goes through '{string.Join('/', parts[..i])}', which the archive makes a non-directory");
            if (entry.EntryType == TarEntryType.HardLink) Split(entry.LinkName);
            if (parts.Length == 0) continue;
            var path = string.Join('/', parts);
            if (entry.EntryType == TarEntryType.Directory) nonDirectories.Remove(path);
            else nonDirectories.Add(path);
        }
    }

    /// <summary>The components of an entry name; refuses absolute names and '..' (the root itself has none).</summary>
    private static string[] Split(string name)
    {
        if (name.StartsWith('/')) throw new InvalidDataException($"archive entry '{name}' is an absolute path");
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Any(p => p == ".." || p.Contains('\0')))
            throw new InvalidDataException($"archive entry '{name}' climbs out of the root with '..'");
        return parts;
    }

    private void Apply(TarEntry entry)
    {
        var parts = Split(entry.Name);
        if (parts.Length == 0) return;  // the root itself
        using var parent = OpenParent(parts, entry.Name, create: true);
        string leaf = parts[^1];
        if (leaf == Markers.OciOpaque)
        {
            Check(_markers.MakeOpaque(parent), entry.Name);
            return;
        }
        // Other OCI metadata names (aufs's, a redirect, which no OCI layer carries) are ignored, as containerd does.
        if (Markers.IsMetadataName(leaf)) return;
        if (Markers.IsReservedName(leaf))
        {
            var hidden = leaf[Markers.OciPrefix.Length..];
            if (hidden is "" or "." or "..") throw new InvalidDataException($"archive entry '{entry.Name}' whites out nothing");
            var error = _markers.CreateWhiteout(parent, hidden);
            if (error != FsError.Exists) Check(error, entry.Name);
            return;
        }
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (_host.Stat(parent, leaf, out var existing) == FsError.None && !existing.IsDirectory)
                    Check(HostTree.Remove(_host, parent, leaf), entry.Name);
                Check(HostTree.OpenOrCreateDirectory(_host, parent, leaf, 0x1C0, out var created), entry.Name);
                created!.Dispose();
                _directoryTimes.Add((parts, Timestamp.FromDateTime(entry.ModificationTime.UtcDateTime)));
                break;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                Replace(parent, leaf, entry.Name);
                Check(_host.Open(parent, leaf, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, 0x180, out var file), entry.Name);
                using (var output = new FileStream(file!, FileAccess.Write)) entry.DataStream?.CopyTo(output);
                break;
            case TarEntryType.SymbolicLink:
                Replace(parent, leaf, entry.Name);
                Check(_host.CreateSymlink(parent, leaf, entry.LinkName), entry.Name);
                break;
            case TarEntryType.HardLink:
                var target = Split(entry.LinkName);
                using (var targetParent = OpenParent(target, entry.LinkName, create: false))
                {
                    Replace(parent, leaf, entry.Name);
                    Check(_host.Link(targetParent, target[^1], parent, leaf), entry.Name);
                }
                return;  // the link shares its target's metadata
            case TarEntryType.Fifo or TarEntryType.CharacterDevice or TarEntryType.BlockDevice:
                Replace(parent, leaf, entry.Name);
                var kind = entry.EntryType switch
                {
                    TarEntryType.Fifo => FileKind.Fifo,
                    TarEntryType.CharacterDevice => FileKind.CharDevice,
                    _ => FileKind.BlockDevice,
                };
                var (major, minor) = entry is PosixTarEntry posix ? (posix.DeviceMajor, posix.DeviceMinor) : (0, 0);
                Check(_host.CreateNode(parent, leaf, (uint)kind | 0x180, MakeDev((uint)major, (uint)minor)), entry.Name);
                break;
            default:
                return;  // extended headers are read by TarReader; other types have no place in a layer
        }
        ApplyMetadata(parent, leaf, entry);
    }

    /// <summary>The rdev encoding <see cref="EntryAttributes.Rdev"/> uses (glibc's makedev).</summary>
    private static ulong MakeDev(uint major, uint minor) =>
        ((ulong)(major & 0xfffff000) << 32) | ((ulong)(major & 0xfff) << 8) | ((ulong)(minor & 0xffffff00) << 12) | (minor & 0xff);

    private void Replace(HostDirectory parent, string leaf, string entryName) =>
        Check(HostTree.Remove(_host, parent, leaf), entryName);

    /// <summary>Owner (root only), xattrs but the engine's own, mode, and the time of non-directories.</summary>
    private void ApplyMetadata(HostDirectory parent, string leaf, TarEntry entry)
    {
        if (_isRoot) _host.SetOwner(parent, leaf, (uint)entry.Uid, (uint)entry.Gid);
        if (entry is PaxTarEntry pax)
            foreach (var (key, value) in pax.ExtendedAttributes)
                if (key.StartsWith(XattrKey, StringComparison.Ordinal) && key.Length > XattrKey.Length &&
                    !Markers.IsReservedXattr(key[XattrKey.Length..]))
                    _host.SetXattr(parent, leaf, key[XattrKey.Length..], Encoding.UTF8.GetBytes(value), 0);
        if (entry.EntryType == TarEntryType.SymbolicLink) return;
        Check(_host.SetMode(parent, leaf, (uint)entry.Mode), entry.Name);
        if (entry.EntryType != TarEntryType.Directory)
            _host.SetTimes(parent, leaf, null, TimeChange.To(Timestamp.FromDateTime(entry.ModificationTime.UtcDateTime)));
    }

    /// <summary>Opens the parent of an entry component by component, never following a symlink.</summary>
    private HostDirectory OpenParent(string[] parts, string entryName, bool create)
    {
        Check(_host.OpenDirectory(_root!, ".", out var current), _into);
        for (int i = 0; i < parts.Length - 1; i++)
        {
            var error = create
                ? HostTree.OpenOrCreateDirectory(_host, current!, parts[i], 0x1ED, out var next)
                : _host.OpenDirectory(current!, parts[i], out next);
            current!.Dispose();
            if (error is FsError.NotDirectory or FsError.SymlinkLoop)
                throw new InvalidDataException($"archive entry '{entryName}' goes through '{string.Join('/', parts[..(i + 1)])}', which is not a directory");
            Check(error, entryName);
            current = next;
        }
        return current!;
    }

    private void Check(FsError error, string where)
    {
        if (error != FsError.None) throw new FsException(error, $"cannot extract '{where}' into '{_into}': {error}");
    }

    public void Dispose() => _root?.Dispose();
}
