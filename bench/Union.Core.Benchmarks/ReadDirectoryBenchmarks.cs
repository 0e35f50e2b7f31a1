// A merged readdir of one directory over two lowers: the bottom one holds N files, the top one overrides a tenth
// of them and whites out another tenth.
namespace Union.Core.Benchmarks;

using BenchmarkDotNet.Attributes;

[MemoryDiagnoser]
public class ReadDirectoryBenchmarks
{
    private BenchLayers _layers = null!;
    private UnionFileSystem _fs = null!;
    private ulong _dir;

    [Params(1_000, 10_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _layers = new BenchLayers();
        for (int i = 0; i < Entries; i++) _layers.File(0, $"dir/file{i}", 0);
        for (int i = 0; i < Entries; i += 10)
        {
            _layers.File(1, $"dir/file{i}", 0);
            _layers.Whiteout(1, $"dir/file{i + 1}");
        }
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
    public int Merged()
    {
        BenchLayers.Check(_fs.ReadDirectory(_dir, out var listing), "readdir");
        return listing!.Entries.Count;
    }
}
