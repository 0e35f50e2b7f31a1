// What a path-based host must remember about paths for the life of a mount: the inode number it gave each entry,
// and the open directory handles, whose paths must follow a rename of the directory (or of one above it).
// Locking: one lock guards both maps; the host calls in here from the engine lock and from none.
namespace Union.Core.Host.Portable;

internal sealed class PathTable
{
    private readonly Lock _gate = new();
    private readonly StringComparer _paths = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
    private readonly Dictionary<string, ulong> _inodes;
    private readonly Dictionary<int, HostDirectory> _handles = [];
    private ulong _nextInode = 2;
    private int _nextHandle = 1;

    public PathTable() => _inodes = new Dictionary<string, ulong>(_paths);

    /// <summary>The entry's number: given on first sight, kept until it is removed; follows renames.</summary>
    public ulong InodeOf(string path)
    {
        lock (_gate)
        {
            if (!_inodes.TryGetValue(path, out var ino)) _inodes.Add(path, ino = _nextInode++);
            return ino;
        }
    }

    public void Removed(string path)
    {
        lock (_gate) _inodes.Remove(path);
    }

    /// <summary>A directory handle whose path this table keeps current; its id stands where an fd would.</summary>
    public HostDirectory Open(string path)
    {
        lock (_gate)
        {
            int id = _nextHandle++;
            var dir = new HostDirectory(id, path) { Closer = Close };
            _handles.Add(id, dir);
            return dir;
        }
    }

    private void Close(int id)
    {
        lock (_gate) _handles.Remove(id);
    }

    /// <summary>Moves numbers and open handles from <paramref name="from"/> (and everything under it) to <paramref name="to"/>.</summary>
    public void Renamed(string from, string to)
    {
        lock (_gate)
        {
            _inodes.Remove(to);
            foreach (var path in _inodes.Keys.Where(p => IsAtOrUnder(p, from)).ToList())
            {
                _inodes.Remove(path, out var ino);
                _inodes[to + path[from.Length..]] = ino;
            }
            foreach (var dir in _handles.Values)
                if (IsAtOrUnder(dir.Path, from)) dir.Path = to + dir.Path[from.Length..];
        }
    }

    private bool IsAtOrUnder(string path, string root) =>
        _paths.Equals(path, root) ||
        (path.Length > root.Length && (path[root.Length] == Path.DirectorySeparatorChar || path[root.Length] == Path.AltDirectorySeparatorChar) &&
         path.StartsWith(root, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal));
}
