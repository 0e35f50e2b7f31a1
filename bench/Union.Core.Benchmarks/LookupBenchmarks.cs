// Lookup of one name in a directory merged from two lowers: warm (the node is cached, as after a first stat) and
// cold (lookup and forget: every lookup resolves the name in the layers again).
namespace Union.Core.Benchmarks;

using BenchmarkDotNet.Attributes;

[MemoryDiagnoser]
public class LookupBenchmarks
{
    private BenchLayers _layers = null!;
    private UnionFileSystem _fs = null!;
    private ulong _dir, _held;

    [GlobalSetup]
    public void Setup()
    {
        _layers = new BenchLayers();
        for (int i = 0; i < 100; i++) _layers.File(0, $"src/f{i}.c", 100);
        _layers.File(1, "src/f50.c", 10);
        _layers.File(1, "src/cold.c", 10);
        _layers.File(0, "src/cold.c", 10);
        _fs = _layers.Open();
        _dir = BenchLayers.Hold(_fs, "/src");
        BenchLayers.Check(_fs.Lookup(_dir, "f50.c", out _held, out _), "lookup");   // keeps the warm node cached
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _fs.Dispose();
        _layers.Dispose();
    }

    [Benchmark]
    public ulong Warm()
    {
        BenchLayers.Check(_fs.Lookup(_dir, "f50.c", out var id, out _), "lookup");
        _fs.Forget(id, 1);
        return id;
    }

    [Benchmark]
    public ulong Cold()
    {
        BenchLayers.Check(_fs.Lookup(_dir, "cold.c", out var id, out _), "lookup");
        _fs.Forget(id, 1);   // the last reference: the node goes, the next lookup starts from the layers
        return id;
    }
}
