// Renaming a lower directory of 10,000 files: copied up alone with a redirect to its origin, so its size should
// not matter (issue #2 asks for well under a second; kernel overlayfs without redirect_dir fails with EXDEV).
// On both hosts: the platform's own and the System.IO one Windows uses, where the redirect is the OCI marker file.
namespace Union.Core.Benchmarks;

using BenchmarkDotNet.Attributes;

[MemoryDiagnoser]
[InvocationCount(1)]
public class DirectoryRenameBenchmarks
{
    private BenchLayers _layers = null!;
    private UnionFileSystem? _fs;

    [Params(false, true)]
    public bool PortableHost { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _layers = new BenchLayers(lowers: 1);
        for (int i = 0; i < 10_000; i++) _layers.File(0, $"tree/f{i}", 16);
    }

    [GlobalCleanup]
    public void Cleanup() => _layers.Dispose();

    [IterationSetup]
    public void Fresh()
    {
        _fs?.Dispose();
        _layers.ResetUpper();
        _fs = _layers.Open(PortableHost);
    }

    [IterationCleanup]
    public void Close()
    {
        _fs?.Dispose();
        _fs = null;
    }

    [Benchmark]
    public void Rename10kFileLowerDirectory()
    {
        BenchLayers.Check(_fs!.Rename(UnionFileSystem.RootId, "tree", UnionFileSystem.RootId, "moved", RenameFlags.None), "rename");
    }
}
