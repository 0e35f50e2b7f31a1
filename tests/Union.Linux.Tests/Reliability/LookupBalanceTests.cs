// Every LOOKUP the engine answers takes a reference that a FORGET must return. After a parallel mixed load and a
// drop_caches (the kernel forgets every unused inode), the engine holds as many nodes as before the load.
using System.Diagnostics;

namespace Union.Linux.Tests.Reliability;

public class LookupBalanceTests
{
    [SkippableFact]
    public void Node_count_returns_to_baseline_after_load_and_drop_caches()
    {
        UnionUnderTest.RequireRootFuse();
        using var u = new UnionUnderTest();
        var lower = u.Path("lower");
        for (int d = 0; d < 4; d++)
            for (int k = 0; k < 20; k++)
            {
                Directory.CreateDirectory(Path.Combine(lower, $"d{d}"));
                File.WriteAllText(Path.Combine(lower, $"d{d}/f{k}"), $"{d}/{k}");
            }
        u.Start(lower);
        var m = u.MountPoint;
        int baseline = u.Union!.NodeCount;
        int seconds = int.TryParse(Environment.GetEnvironmentVariable("UNION_LOOKUP_SECONDS"), out int s) && s > 0 ? s : 4;
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        long ops = 0;
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            var rng = new Random(t);
            while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                string dir = Path.Combine(m, $"d{rng.Next(4)}"), file = Path.Combine(dir, $"f{rng.Next(30)}");
                try
                {
                    switch (rng.Next(7))
                    {
                        case 0: _ = File.Exists(file); break;
                        case 1: File.WriteAllText(file, $"t{t}"); break;
                        case 2: File.Delete(file); break;
                        case 3: File.Move(file, Path.Combine(m, $"d{rng.Next(4)}/f{rng.Next(30)}"), overwrite: true); break;
                        case 4: _ = Directory.GetFileSystemEntries(dir).Length; break;
                        case 5: _ = File.ReadAllText(file); break;
                        case 6:
                            var sub = Path.Combine(dir, $"s{t}");
                            Directory.CreateDirectory(sub);
                            File.WriteAllText(Path.Combine(sub, "x"), "x");
                            Directory.Delete(sub, recursive: true);
                            break;
                    }
                    Interlocked.Increment(ref ops);
                }
                catch (FileNotFoundException) { }
                catch (DirectoryNotFoundException) { }
                catch (Exception e) { lock (failures) failures.Add($"{e.GetType().Name}: {e.Message}"); }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        foreach (var t in threads) Assert.True(t.Join(TimeSpan.FromSeconds(seconds + 30)), "a worker hung");
        Assert.Empty(failures);
        int peak = u.Union.NodeCount;

        var settle = Stopwatch.StartNew();
        do
        {
            File.WriteAllText("/proc/sys/vm/drop_caches", "2");
            Thread.Sleep(100);
        }
        while (u.Union.NodeCount > baseline && settle.Elapsed < TimeSpan.FromSeconds(10));
        Console.WriteLine($"lookup balance: {ops} ops, nodes baseline {baseline}, after load {peak}, after drop_caches {u.Union.NodeCount}");
        Assert.True(peak > baseline + 10, "the load should have made the kernel look nodes up");
        Assert.Equal(baseline, u.Union.NodeCount);
        Assert.Equal(0, u.Mount!.OpenHandles);
        Assert.Empty(u.Errors);
    }
}
