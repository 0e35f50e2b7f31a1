// What stat(1) and cp(1) ask of a mount beyond read and write: the birth time (FUSE_STATX) and copy_file_range
// (FUSE_COPY_FILE_RANGE), both answered from the layers' own filesystem as overlayfs does.
using System.Collections.Concurrent;
using System.Diagnostics;
using Union.Core;
using Union.Linux.Tests.Fuse;

namespace Union.Linux.Tests.Adapter;

public sealed class MountedFileToolTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("union-tools-").FullName;
    private readonly ConcurrentQueue<string> _trace = new();

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private UnionMount Mount(out string mnt)
    {
        var union = UnionFileSystem.Open(new UnionOptions { Lowers = [Dir("lower")], Upper = Dir("upper"), Work = Dir("work") });
        mnt = Dir("mnt");
        return UnionMount.Start(union, mnt, new UnionFuseOptions { Threads = 2, Trace = _trace.Enqueue });
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), $"{file} did not finish");
        Assert.True(p.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
        return output.Trim();
    }

    /// <summary>A traced request of this opcode that succeeded ("-> 0"; a refusal shows its errno).</summary>
    private static Predicate<string> Answered(string opcode) =>
        l => l.Contains(opcode + " ", StringComparison.Ordinal) && l.EndsWith("-> 0", StringComparison.Ordinal);

    /// <summary>stat -c %W: seconds of the birth time, 0 where the filesystem keeps none.</summary>
    private static long BirthOf(string path) => long.Parse(Run("stat", "-c", "%W", path), System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public void Stat_shows_the_birth_time_the_layer_keeps()
    {
        MountedFuseTests.Require(root: false);
        File.WriteAllText(Path.Combine(Dir("lower"), "old"), "lower");
        using (Mount(out string mnt))
        {
            File.WriteAllText(Path.Combine(mnt, "new"), "upper");
            long lowerBirth = BirthOf(Path.Combine(_root, "lower", "old"));
            long upperBirth = BirthOf(Path.Combine(_root, "upper", "new"));
            Assert.Equal(lowerBirth, BirthOf(Path.Combine(mnt, "old")));
            Assert.Equal(upperBirth, BirthOf(Path.Combine(mnt, "new")));
            if (lowerBirth != 0) Assert.Contains(_trace, Answered("FUSE_STATX"));
        }
    }

    [SkippableFact]
    public void Cp_copies_through_copy_file_range_and_leaves_a_lower_source_below()
    {
        MountedFuseTests.Require(root: false);
        var data = new byte[3 << 20];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(Path.Combine(Dir("lower"), "big"), data);
        using (Mount(out string mnt))
        {
            Run("cp", Path.Combine(mnt, "big"), Path.Combine(mnt, "copy"));
            Assert.Equal(data, File.ReadAllBytes(Path.Combine(mnt, "copy")));
            Assert.Contains(_trace, Answered("FUSE_COPY_FILE_RANGE"));   // not ENOSYS and the kernel's fallback
        }
        Assert.Equal(data, File.ReadAllBytes(Path.Combine(_root, "upper", "copy")));
        Assert.False(File.Exists(Path.Combine(_root, "upper", "big")));
    }

    public void Dispose()
    {
        foreach (var line in File.ReadLines("/proc/self/mounts").Where(l => l.Contains(_root, StringComparison.Ordinal)))
            Interop.Libc.Umount2(line.Split(' ')[1], 2);
        Directory.Delete(_root, recursive: true);
    }
}
