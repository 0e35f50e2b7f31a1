// Opens and validates the layers of a union: the checks that must pass before anything is mounted or written.
namespace Union.Core.Layers;

using Union.Core.Host;

internal static class LayerStack
{
    /// <summary>Name of the engine's scratch folder inside the work directory.</summary>
    public const string WorkSubdir = "union-work";
    /// <summary>Copies of hard-linked lower files, named by origin inode (see CopyUp/HardLinkIndex.cs).</summary>
    public const string IndexSubdir = "union-index";

    /// <summary>Opens every layer; throws <see cref="FsException"/> with a one-line reason on bad input.</summary>
    public static (Layer[] Layers, HostDirectory? Work, HostDirectory? Index) Open(IHostFileSystem host, UnionOptions options)
    {
        if (options.Lowers.Count == 0) throw Fail(FsError.InvalidArgument, "at least one lower layer is required");
        var paths = new List<string>();
        if (options.Upper is not null) paths.Add(Full(options.Upper));
        foreach (var lower in options.Lowers) paths.Add(Full(lower));
        if (options.Upper is null && options.Work is not null)
            throw Fail(FsError.InvalidArgument, "a work directory needs an upper layer");
        if (options.Upper is not null && options.Work is null)
            throw Fail(FsError.InvalidArgument, "an upper layer needs a work directory (--work)");

        for (int i = 0; i < paths.Count; i++)
        {
            RequireDirectory(paths[i], i == 0 && options.Upper is not null ? "upper" : "lower");
            for (int j = 0; j < i; j++)
            {
                if (SamePath(paths[i], paths[j])) throw Fail(FsError.InvalidArgument, $"layer '{paths[i]}' is given twice");
                if (Inside(paths[i], paths[j]) || Inside(paths[j], paths[i]))
                    throw Fail(FsError.InvalidArgument, $"layers '{paths[j]}' and '{paths[i]}' are nested; layers must not overlap");
            }
        }

        var layers = new Layer[paths.Count];
        HostDirectory? work = null, index = null;
        try
        {
            for (int i = 0; i < paths.Count; i++)
            {
                var error = host.OpenRoot(paths[i], out var root);
                if (error != FsError.None) throw Fail(error, $"cannot open layer '{paths[i]}': {Describe(error)}");
                layers[i] = new Layer(i, paths[i], root!, i == 0 && options.Upper is not null, host.DeviceOf(root!));
            }
            AssignFsIndexes(layers);
            if (options.Work is not null) (work, index) = OpenWork(host, Full(options.Work), layers[0], paths);
            return (layers, work, index);
        }
        catch
        {
            foreach (var layer in layers) layer?.Root.Dispose();
            work?.Dispose();
            index?.Dispose();
            throw;
        }
    }

    private static (HostDirectory Work, HostDirectory Index) OpenWork(IHostFileSystem host, string workPath, Layer upper, List<string> layerPaths)
    {
        RequireDirectory(workPath, "work");
        foreach (var layer in layerPaths)
        {
            if (SamePath(workPath, layer)) throw Fail(FsError.InvalidArgument, $"work directory '{workPath}' is also a layer");
            if (Inside(workPath, layer) || Inside(layer, workPath))
                throw Fail(FsError.InvalidArgument, $"work directory '{workPath}' and layer '{layer}' are nested; keep them apart");
        }
        foreach (var entry in Directory.EnumerateFileSystemEntries(workPath))
        {
            var name = Path.GetFileName(entry);
            if (name is not (WorkSubdir or IndexSubdir or "work" or "index"))
                throw Fail(FsError.NotEmpty, $"work directory '{workPath}' holds '{name}': give an empty directory");
        }
        var error = host.OpenRoot(workPath, out var workRoot);
        if (error != FsError.None) throw Fail(error, $"cannot open work directory '{workPath}': {Describe(error)}");
        using (workRoot)
        {
            if (host.DeviceOf(workRoot!) != upper.Device)
                throw Fail(FsError.CrossDevice, $"work directory '{workPath}' must be on the same filesystem as the upper layer");
            var work = OpenSubdir(host, workRoot!, workPath, WorkSubdir);
            try
            {
                return (work, OpenSubdir(host, workRoot!, workPath, IndexSubdir));
            }
            catch
            {
                work.Dispose();
                throw;
            }
        }
    }

    private static HostDirectory OpenSubdir(IHostFileSystem host, HostDirectory workRoot, string workPath, string name)
    {
        var error = host.CreateDirectory(workRoot, name, 0x1C0);
        if (error is not (FsError.None or FsError.Exists))
            throw Fail(error, $"cannot write in work directory '{workPath}': {Describe(error)}");
        error = host.OpenDirectory(workRoot, name, out var dir);
        if (error != FsError.None) throw Fail(error, $"cannot open '{workPath}/{name}': {Describe(error)}");
        return dir!;
    }

    /// <summary>Layers on one filesystem share an index; inode numbers of different filesystems get apart bits.</summary>
    private static void AssignFsIndexes(Layer[] layers)
    {
        var devices = new List<ulong>();
        foreach (var layer in layers)
        {
            int index = devices.IndexOf(layer.Device);
            if (index < 0) { devices.Add(layer.Device); index = devices.Count - 1; }
            layer.FsIndex = index;
        }
    }

    private static void RequireDirectory(string path, string role)
    {
        if (Directory.Exists(path)) return;
        throw File.Exists(path)
            ? Fail(FsError.NotDirectory, $"{role} layer '{path}' is not a directory")
            : Fail(FsError.NotFound, $"{role} directory '{path}' does not exist");
    }

    private static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    private static bool SamePath(string a, string b) =>
        string.Equals(a, b, OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    private static bool Inside(string path, string root) =>
        path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar,
            OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    internal static string Describe(FsError error) => error switch
    {
        FsError.NotFound => "not found",
        FsError.AccessDenied or FsError.NotPermitted => "permission denied",
        FsError.NotDirectory => "not a directory",
        FsError.ReadOnly => "read-only filesystem",
        _ => error.ToString(),
    };

    private static FsException Fail(FsError error, string message) => new(error, message);
}
