// Merged listings through a real union mount: many READDIR chunks, whiteouts, and deletes in the middle of a read.
using System.Collections.Concurrent;
using Union.Core;
using Union.Linux.Tests.Fuse;

namespace Union.Linux.Tests.Adapter;

public sealed class MountedListingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("union-listing-").FullName;
    private readonly ConcurrentQueue<string> _errors = new();

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private UnionMount Mount(out string mnt)
    {
        var union = UnionFileSystem.Open(new UnionOptions { Lowers = [Path.Combine(_root, "lower")], Upper = Dir("upper"), Work = Dir("work") });
        mnt = Dir("mnt");
        return UnionMount.Start(union, mnt, new UnionFuseOptions { Threads = 2, Log = _errors.Enqueue });
    }

    /// <summary>A lower "d" of 1,200 files (dozens of READDIR chunks), a third whited out by the upper, plus 100 upper-only files.</summary>
    private HashSet<string> BuildLayers()
    {
        string lower = Dir("lower/d"), upper = Dir("upper/d");
        var expected = new HashSet<string>();
        for (int i = 0; i < 1200; i++)
        {
            File.WriteAllText(Path.Combine(lower, $"file-{i:D4}-with-a-longish-name"), "x");
            if (i % 3 == 0) File.WriteAllText(Path.Combine(upper, $".wh.file-{i:D4}-with-a-longish-name"), "");
            else expected.Add($"file-{i:D4}-with-a-longish-name");
        }
        for (int i = 0; i < 100; i++)
        {
            File.WriteAllText(Path.Combine(upper, $"upper-{i}"), "u");
            expected.Add($"upper-{i}");
        }
        return expected;
    }

    [SkippableFact]
    public void A_large_merged_directory_lists_each_visible_name_once_cold_and_warm()
    {
        MountedFuseTests.Require(root: false);
        var expected = BuildLayers();
        using var mount = Mount(out var mnt);
        for (int pass = 0; pass < 2; pass++)   // the second pass comes from the kernel's directory cache
        {
            var names = Directory.EnumerateFileSystemEntries(Path.Combine(mnt, "d")).Select(Path.GetFileName).ToList();
            Assert.Equal(names.Count, names.Distinct().Count());
            Assert.Equal(expected.Order(), names.Order());
        }
        File.Delete(Path.Combine(mnt, "d", "upper-7"));
        File.WriteAllText(Path.Combine(mnt, "d", "created"), "c");
        expected.Remove("upper-7");
        expected.Add("created");
        Assert.Equal(expected.Order(), Directory.EnumerateFileSystemEntries(Path.Combine(mnt, "d")).Select(Path.GetFileName).Order());
        Assert.Empty(_errors);
    }

    [SkippableFact]
    public void Deleting_during_a_listing_never_repeats_or_loses_an_untouched_name()
    {
        MountedFuseTests.Require(root: false);
        var expected = BuildLayers();
        using var mount = Mount(out var mnt);
        string d = Path.Combine(mnt, "d");
        var deleted = new HashSet<string>();
        var seen = new List<string>();
        var random = new Random(3);
        foreach (var path in Directory.EnumerateFileSystemEntries(d))
        {
            seen.Add(Path.GetFileName(path)!);
            if (seen.Count % 50 != 0) continue;
            // Delete names both already listed and still to come, lower ones (whiteouts) and upper ones alike.
            foreach (var victim in expected.Where(n => !deleted.Contains(n)).OrderBy(_ => random.Next()).Take(15).ToList())
            {
                File.Delete(Path.Combine(d, victim));
                deleted.Add(victim);
            }
        }
        Assert.Equal(seen.Count, seen.Distinct().Count());
        foreach (var name in expected.Where(n => !deleted.Contains(n))) Assert.Contains(name, seen);
        Assert.All(seen, name => Assert.Contains(name, expected));
        Assert.Equal(expected.Except(deleted).Order(), Directory.EnumerateFileSystemEntries(d).Select(Path.GetFileName).Order());
        Assert.Empty(_errors);
    }

    public void Dispose()
    {
        foreach (var line in File.ReadLines("/proc/self/mounts").Where(l => l.Contains(_root, StringComparison.Ordinal)))
            Interop.Libc.Umount2(line.Split(' ')[1], 2);
        Directory.Delete(_root, recursive: true);
    }
}
