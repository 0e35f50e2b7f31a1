// An open directory of one layer on the host: the anchor of every fd-relative call the engine makes.
namespace Union.Core.Host;

/// <summary>
/// A directory handle inside a layer. On Linux it is an fd opened with O_NOFOLLOW, so every later call relative
/// to it stays inside the layer even if the directory is renamed; the portable host keeps the full path instead,
/// and rewrites it when a rename moves the directory.
/// </summary>
public sealed class HostDirectory : IDisposable
{
    private int _fd;

    internal HostDirectory(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    /// <summary>The fd; on hosts that work by path, an id of the host's own (PortableHost's PathTable).</summary>
    public int Fd => _fd;

    /// <summary>Host path (for messages; path-based hosts address the directory by it and keep it current).</summary>
    public string Path { get; internal set; }

    internal Action<int>? Closer { get; init; }

    /// <summary>Case-folded index of the names in this directory (case-insensitive unions only; engine lock).</summary>
    internal FoldedNames? Folded { get; set; }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Closer?.Invoke(fd);
    }

    public override string ToString() => Path;
}
