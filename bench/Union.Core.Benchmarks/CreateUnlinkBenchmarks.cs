// Creating a file in a merged directory and unlinking it again: one create (open handle closed) plus one unlink.
namespace Union.Core.Benchmarks;

using BenchmarkDotNet.Attributes;

[MemoryDiagnoser]
public class CreateUnlinkBenchmarks
{
    private BenchLayers _layers = null!;
    private UnionFileSystem _fs = null!;
    private ulong _dir;

    [GlobalSetup]
    public void Setup()
    {
        _layers = new BenchLayers();
        for (int i = 0; i < 100; i++) _layers.File(0, $"dir/f{i}", 0);
        _fs = _layers.Open();
        _dir = BenchLayers.Hold(_fs, "/dir");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fs.Dispose();
        _layers.Dispose();
    }

    [Benchmark]
    public void CreateThenUnlink()
    {
        BenchLayers.Check(_fs.CreateFile(_dir, "new", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0), out var id, out _, out var file), "create");
        file!.Dispose();
        BenchLayers.Check(_fs.Remove(_dir, "new", directory: false), "unlink");
        _fs.Forget(id, 1);
    }
}
