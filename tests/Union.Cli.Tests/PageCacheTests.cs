// Passthrough shares the page cache: one lower file read through three union mounts of the same lower is cached
// once (the lower file's pages), not once per mount as a daemon-served FUSE file would be.
namespace Union.Cli.Tests;

using System.Runtime.InteropServices;
using Xunit.Abstractions;

[Collection("mounts")]
public partial class PageCacheTests(ITestOutputHelper output)
{
    private const long Size = 128L << 20;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int posix_fadvise(int fd, long offset, long length, int advice);

    [SkippableFact]
    public void One_lower_file_read_through_three_mounts_is_cached_about_once()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        string lower = s.Dir("lower"), file = Path.Combine(lower, "big");
        WriteAndEvict(file);
        var mounts = new[] { "m1", "m2", "m3" }.Select(s.Dir).ToArray();
        foreach (var m in mounts) s.Mount(m, "--lower", lower);

        long residentBefore = Resident(file);
        long start = CachedBytes();
        var growth = new List<long>();
        foreach (var m in mounts)
        {
            ReadAll(Path.Combine(m, "big"));
            growth.Add(CachedBytes() - start);
        }
        long resident = Resident(file);
        double copies = (double)growth[^1] / Size;
        string figures = $"page cache growth after each mount's read: {string.Join(", ", growth.Select(g => $"{g >> 20} MiB"))} " +
            $"= {copies:F2} copies of {Size >> 20} MiB; lower file resident before {residentBefore >> 20} MiB, after {resident >> 20} MiB";
        output.WriteLine(figures);
        Assert.True(resident > Size * 9 / 10, "the lower file's own pages should hold the data: " + figures);
        Assert.True(copies < 1.5, "each mount cached its own copy: " + figures);
    }

    /// <summary>A file of non-zero data, on disk and out of the page cache.</summary>
    private static void WriteAndEvict(string path)
    {
        var chunk = new byte[1 << 20];
        new Random(7).NextBytes(chunk);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        for (long written = 0; written < Size; written += chunk.Length) stream.Write(chunk);
        stream.Flush(flushToDisk: true);
        const int POSIX_FADV_DONTNEED = 4;
        Assert.Equal(0, posix_fadvise((int)stream.SafeFileHandle.DangerousGetHandle(), 0, 0, POSIX_FADV_DONTNEED));
    }

    private static void ReadAll(string path)
    {
        var buffer = new byte[1 << 20];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        long total = 0;
        for (int n; (n = stream.Read(buffer)) > 0;) total += n;
        Assert.Equal(Size, total);
    }

    /// <summary>Bytes of the file in the page cache (fincore, util-linux).</summary>
    private static long Resident(string path) =>
        long.Parse(Sandbox.Run("fincore", "--bytes", "--noheadings", "--output", "RES", path).Out.Trim());

    /// <summary>"Cached:" of /proc/meminfo, in bytes.</summary>
    private static long CachedBytes()
    {
        var line = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("Cached:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
