// The engine's façade: N read-only lowers plus an optional upper seen as one tree, addressed by node ids.
// Locking: one engine lock (_lock) guards the node tree and every layer mutation; file data I/O runs outside it,
// and so does the data copy of a copy-up (per-node gate; lock order in CopyUp/ConcurrentCopyUp.cs).
namespace Union.Core;

using System.Runtime.Versioning;
using Union.Core.Host;
using Union.Core.Host.Linux;
using Union.Core.Layers;
using Union.Core.Nodes;
using Union.Core.Whiteouts;

/// <summary>
/// A union of layers with the semantics of Linux overlayfs. Callers address entries by node id (the root is
/// <see cref="RootId"/>); <see cref="Lookup"/> takes a reference that <see cref="Forget"/> returns, as FUSE does.
/// Every method is thread-safe.
/// </summary>
public sealed partial class UnionFileSystem : IDisposable
{
    public const ulong RootId = 1;

    private readonly Lock _lock = new();
    private readonly IHostFileSystem _host;
    private readonly Layer[] _layers;
    private readonly Layer? _upper;
    private readonly HostDirectory? _work;
    private readonly HostDirectory? _index;
    private readonly Markers _markers;
    private readonly Dictionary<ulong, Node> _nodes = [];
    /// <summary>
    /// Host number of a copied-up file -> the number it keeps, on hosts without xattrs to record it in. Guarded by its
    /// own lock (a leaf: file copies record into it outside the engine lock).
    /// </summary>
    private readonly Dictionary<ulong, ulong> _origins = [];
    private readonly Node _root;
    private readonly bool _singleFs;
    private readonly bool _isRoot;
    private readonly StringComparer _names;
    private ulong _nextId = RootId;
    private long _tempCounter;

    public UnionOptions Options { get; }

    private UnionFileSystem(UnionOptions options, IHostFileSystem host)
    {
        if (options.WhiteoutFormat == WhiteoutFormat.Overlay && !host.SupportsXattrs)
            throw new FsException(FsError.InvalidArgument,
                "--whiteout overlay needs xattrs and device nodes, which this host lacks; use --whiteout oci");
        Options = options;
        // Case-insensitive: host calls go through FoldingHost, which keeps each directory's folded index current.
        _host = options.CaseInsensitive ? new FoldingHost(host) : host;
        _isRoot = OperatingSystem.IsLinux() && Host.Linux.Interop.Libc.geteuid() == 0;
        (_layers, _work, _index) = LayerStack.Open(host, options);
        _upper = _layers[0].IsUpper ? _layers[0] : null;
        _singleFs = _layers.All(l => l.FsIndex == 0);
        _markers = new Markers(_host, options.WhiteoutFormat, options.UserXattrs ?? !_isRoot, options.CaseInsensitive);
        _names = options.CaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        _root = new Node(_nextId++, null, "") { Kind = FileKind.Directory, Lookups = long.MaxValue / 2 };
        _root.Layer = _layers[0];
        _root.UpperDir = _upper?.Root;
        foreach (var layer in _layers)
            if (!layer.IsUpper) _root.LowerDirs.Add((layer, layer.Root));
        _host.Stat(_layers[^1].Root, null, out var rootAttributes);
        _root.Ino = MapIno(_layers[^1], rootAttributes.Inode);
        _nodes.Add(_root.Id, _root);
        RemoveWorkLeftovers();
    }

    /// <summary>Opens a union on the host's filesystem; throws <see cref="FsException"/> with a one-line reason.</summary>
    public static UnionFileSystem Open(UnionOptions options) => Open(options, CreateHost());

    public static UnionFileSystem Open(UnionOptions options, IHostFileSystem host) => new(options, host);

    /// <summary>LinuxHost's fd-relative syscalls on Linux; the System.IO host everywhere else.</summary>
    internal static IHostFileSystem CreateHost() =>
        OperatingSystem.IsLinux() ? CreateLinuxHost() : new Host.Portable.PortableHost();

    [SupportedOSPlatform("linux")]
    private static LinuxHost CreateLinuxHost() => new();

    public bool IsReadOnly => _upper is null;

    /// <summary>
    /// Told the node id of a directory copied up as a side effect of a change below it: it now merges an upper, so
    /// its nlink (1, as overlayfs) and ctime change without a request on it; a caching binding drops its attributes.
    /// Called under the engine lock: it must not call back into the engine.
    /// </summary>
    public Action<ulong>? DirectoryCopiedUp { get; set; }

    /// <summary>Finds <paramref name="name"/> in a directory and takes one reference on the result.</summary>
    public FsError Lookup(ulong parentId, string name, out ulong id, out EntryAttributes attributes)
    {
        id = 0;
        attributes = default;
        lock (_lock)
        {
            if (!TryGetNode(parentId, out var parent, out var error)) return error;
            error = ResolveChild(parent, name, out var child, out var top, out bool fresh);
            if (error != FsError.None) return error;
            // Just resolved: the stat that found it is current (one syscall fewer per cold lookup).
            if (fresh) { attributes = top; Present(child!, ref attributes); }
            else if ((error = StatNode(child!, out attributes)) != FsError.None) return error;
            child!.Lookups++;
            id = child.Id;
            return FsError.None;
        }
    }

    /// <summary>Returns <paramref name="count"/> references taken by lookups and creates.</summary>
    public void Forget(ulong id, ulong count)
    {
        lock (_lock)
        {
            if (id == RootId || !_nodes.TryGetValue(id, out var node)) return;
            node.Lookups = Math.Max(0, node.Lookups - (long)count);
            TryEvict(node);
        }
    }

    /// <summary>The entry's name as the layers spell it: folding, a lookup of <c>FOO</c> may find <c>foo</c>.</summary>
    public FsError GetName(ulong id, out string name)
    {
        name = "";
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            name = node.Name;
            return FsError.None;
        }
    }

    public FsError GetAttributes(ulong id, out EntryAttributes attributes)
    {
        attributes = default;
        lock (_lock)
            return TryGetNode(id, out var node, out var error) ? StatNode(node, out attributes) : error;
    }

    /// <summary>Resolves a '/'-separated path from the root without taking references (offline and path-based callers).</summary>
    public FsError ResolvePath(string path, out ulong id)
    {
        id = 0;
        lock (_lock)
        {
            var node = _root;
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!node.IsDirectory) return FsError.NotDirectory;
                var error = ResolveChild(node, part, out var child);
                if (error != FsError.None) return error;
                node = child!;
            }
            id = node.Id;
            return FsError.None;
        }
    }

    public FsError StatFs(out FsStatistics statistics) =>
        _host.StatFs(_upper?.Root ?? _layers[0].Root, out statistics);

    /// <summary>Number of nodes the engine holds (for leak checks: lookups must balance forgets).</summary>
    public int NodeCount { get { lock (_lock) return _nodes.Count; } }

    private bool TryGetNode(ulong id, out Node node, out FsError error)
    {
        if (_nodes.TryGetValue(id, out node!)) { error = FsError.None; return true; }
        error = FsError.Stale;
        return false;
    }

    private Node NewNode(Node parent, string name)
    {
        var node = new Node(_nextId++, parent, name);
        _nodes.Add(node.Id, node);
        return node;
    }

    private void TryEvict(Node node)
    {
        while (node != _root && node.Lookups == 0 && node.OpenCount == 0 && (node.Children is null || node.Children.Count == 0))
        {
            _nodes.Remove(node.Id);
            node.CloseDirectories();
            var parent = node.Parent!;
            if (!node.Detached && parent.Children is { } siblings &&
                siblings.TryGetValue(node.Name, out var cached) && cached == node)
                siblings.Remove(node.Name);
            node.Detached = true;
            node = parent;
        }
    }

    /// <summary>xino-style numbers: the real inode, with the layer's filesystem index in the top bits if layers differ.</summary>
    private ulong MapIno(Layer layer, ulong ino) =>
        _singleFs ? ino : (ino & ((1UL << 56) - 1)) | ((ulong)layer.FsIndex << 56);

    private string NewTempName() => $"#{Environment.ProcessId:x}.{Interlocked.Increment(ref _tempCounter):x}";

    /// <summary>Temp files in the work directory are partial copies by construction: a restart removes them.</summary>
    private void RemoveWorkLeftovers()
    {
        if (_work is null) return;
        var entries = new List<HostEntry>();
        if (_host.ReadDirectory(_work, entries) != FsError.None) return;
        foreach (var entry in entries) RemoveTree(_work, entry.Name);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var node in _nodes.Values)
                if (node != _root) node.CloseDirectories();
            _nodes.Clear();
            foreach (var layer in _layers) layer.Root.Dispose();
            _work?.Dispose();
            _index?.Dispose();
        }
    }
}
