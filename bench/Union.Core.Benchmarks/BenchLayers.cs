// Layer folders for the benchmarks in a temp directory, and a union over them; the upper can be emptied between
// iterations so every copy-up or first rename starts from the lower layers again.
namespace Union.Core.Benchmarks;

public sealed class BenchLayers : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("union-bench-").FullName;
    public string Upper => Path.Combine(Root, "upper");
    public string Work => Path.Combine(Root, "work");
    public string Lower(int i) => Path.Combine(Root, $"lower{i}");
    private readonly int _lowers;

    public BenchLayers(int lowers = 2)
    {
        _lowers = lowers;
        for (int i = 0; i < lowers; i++) Directory.CreateDirectory(Lower(i));
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
    }

    public void File(int layer, string path, int size)
    {
        var full = Path.Combine(Lower(layer), path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        using var stream = System.IO.File.Create(full);
        if (size > 0) stream.Write(new byte[size]);
    }

    public void Whiteout(int layer, string path) =>
        File(layer, Path.Combine(Path.GetDirectoryName(path) ?? "", ".wh." + Path.GetFileName(path)), 0);

    /// <param name="portableHost">On the System.IO host Windows uses (no xattrs) instead of the platform's own.</param>
    public UnionFileSystem Open(bool portableHost = false)
    {
        var options = new UnionOptions { Lowers = Enumerable.Range(0, _lowers).Select(Lower).ToList(), Upper = Upper, Work = Work };
        return portableHost ? UnionFileSystem.Open(options, new Host.Portable.PortableHost()) : UnionFileSystem.Open(options);
    }

    /// <summary>Forgets every change: the upper and work start empty again.</summary>
    public void ResetUpper()
    {
        Directory.Delete(Upper, recursive: true);
        Directory.Delete(Work, recursive: true);
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
    }

    public static ulong Resolve(UnionFileSystem fs, string path) =>
        fs.ResolvePath(path, out var id) == FsError.None ? id : throw new InvalidOperationException($"no {path}");

    /// <summary>Resolves a path and takes a lookup reference, as the kernel holds one on a directory it works in
    /// (without it, forgetting the directory's last child would evict the directory too).</summary>
    public static ulong Hold(UnionFileSystem fs, string path)
    {
        var parent = Resolve(fs, Path.GetDirectoryName(path) ?? "/");
        return fs.Lookup(parent, Path.GetFileName(path), out var id, out _) == FsError.None
            ? id : throw new InvalidOperationException($"no {path}");
    }

    public static void Check(FsError error, string what)
    {
        if (error != FsError.None) throw new InvalidOperationException($"{what}: {error}");
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
