// Copy-up on the first write open: 256 small files (4 KiB) and one 64 MiB file, each from an empty upper, with
// the durable defaults (data synced before the rename into place).
namespace Union.Core.Benchmarks;

using BenchmarkDotNet.Attributes;

[MemoryDiagnoser]
[InvocationCount(1)]
public class CopyUpBenchmarks
{
    private const int SmallFiles = 256;
    private BenchLayers _layers = null!;
    private UnionFileSystem? _fs;
    private ulong[] _ids = [];

    [GlobalSetup]
    public void Setup()
    {
        _layers = new BenchLayers(lowers: 1);
        for (int i = 0; i < SmallFiles; i++) _layers.File(0, $"small/f{i}", 4096);
        _layers.File(0, "big", 64 << 20);
    }

    [GlobalCleanup]
    public void Cleanup() => _layers.Dispose();

    [IterationSetup(Target = nameof(Small4KiB))]
    public void FreshSmall() => Fresh(Enumerable.Range(0, SmallFiles).Select(i => $"/small/f{i}"));

    [IterationSetup(Target = nameof(Big64MiB))]
    public void FreshBig() => Fresh(["/big"]);

    private void Fresh(IEnumerable<string> paths)
    {
        _fs?.Dispose();
        _layers.ResetUpper();
        _fs = _layers.Open();
        _ids = paths.Select(p => BenchLayers.Hold(_fs, p)).ToArray();
    }

    [IterationCleanup]
    public void Close()
    {
        _fs?.Dispose();
        _fs = null;
    }

    [Benchmark(OperationsPerInvoke = SmallFiles)]
    public void Small4KiB() => OpenAllForWrite();

    [Benchmark]
    public void Big64MiB() => OpenAllForWrite();

    private void OpenAllForWrite()
    {
        foreach (var id in _ids)
        {
            BenchLayers.Check(_fs!.Open(id, OpenMode.ReadWrite, out var file), "open");
            file!.Dispose();
        }
    }
}
