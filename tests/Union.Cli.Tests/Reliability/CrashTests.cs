// kill -9 of the real daemon at seeded random moments during copy-ups of large files, writes, renames and
// directory renames. After each crash: the stale mount is cleared (by `union unmount` or by the next `union
// mount`), the work directory is emptied, the lowers are byte-for-byte intact, no upper file under its real name
// is a partial copy, and the merged view shows every completed operation (the one in flight: before or after).
namespace Union.Cli.Tests.Reliability;

[Collection("mounts")]
public class CrashTests
{
    private const int BigSize = 12 << 20;
    private const int Bigs = 3, Smalls = 4, Dirs = 3, News = 3, FilesPerDir = 25;

    [SkippableFact]
    public void Kill_9_at_random_points_loses_only_the_operation_in_flight()
    {
        Sandbox.RequireFuse();
        int iterations = MountDaemon.Env("UNION_CRASH_ITERATIONS", 6);
        int seed = MountDaemon.Env("UNION_CRASH_SEED", 7001);
        using var s = new Sandbox();
        var lower = BuildLower(s);
        string lowerTree = Sandbox.Tree(s.P("lower"));
        var m = s.Dir("m");
        int killedMidCopy = 0, leftoversSeen = 0;
        for (int i = 0; i < iterations; i++)
        {
            var rng = new Random(seed + i);
            Sandbox.Sh($"rm -rf '{s.P("upper")}' '{s.P("work")}'");
            s.Dir("upper"); s.Dir("work");
            string[] args = ["--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work")];
            s.Mount(m, args);
            int pid = MountDaemon.PidOf(m);
            var ops = Operations(lower).OrderBy(_ => rng.Next()).ToArray();
            int completed = 0;
            var worker = new Thread(() =>
            {
                try
                {
                    foreach (var op in ops) { op.Run(m); Interlocked.Increment(ref completed); }
                }
                catch (IOException) { }           // the daemon died under this call
                catch (UnauthorizedAccessException) { }
            });
            worker.Start();
            Thread.Sleep(rng.Next(10, 700));
            MountDaemon.Kill(pid);
            Assert.True(worker.Join(20_000), $"iteration {i}: a call did not return after the daemon died");
            int done = Volatile.Read(ref completed);
            if (done < ops.Length && ops[done] is { CopiesUp: true }) killedMidCopy++;
            Assert.True(MountDaemon.IsStale(m), $"iteration {i}: the dead mount should answer ENOTCONN");
            if (i % 2 == 0)
            {
                var unmount = s.Union("unmount", m);
                Assert.True(unmount.Code == 0, $"union unmount of a dead mount failed: {unmount.Err}");
                Assert.False(MountDaemon.IsStale(m));
            }
            var workDir = s.P("work/union-work");
            if (Directory.EnumerateFileSystemEntries(workDir).Any()) leftoversSeen++;
            File.WriteAllText(Path.Combine(workDir, "#dead.1"), "a copy-up the crash cut short");
            s.Mount(m, args);                      // on the odd iterations, this mount clears the dead one itself
            Assert.Empty(Directory.EnumerateFileSystemEntries(workDir));
            AssertNoPartialCopies(s, lower);
            for (int k = 0; k < ops.Length; k++)
                ops[k].Check(m, k < done ? State.Done : k == done ? State.Either : State.NotDone, $"iteration {i}, op {k}");
            s.Unmount(m);
            Assert.Equal(lowerTree, Sandbox.Tree(s.P("lower")));
        }
        Console.WriteLine($"crash: {iterations} kills, {killedMidCopy} during a copy-up op, {leftoversSeen} left work temp files");
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Data_is_in_the_upper_once_fsync_returns_even_if_the_daemon_is_killed(bool passthrough)
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        var content = Pattern(1, 4 << 20);
        File.WriteAllBytes(s.P("lower-file"), content);
        Directory.CreateDirectory(s.P("lower")); File.Move(s.P("lower-file"), s.P("lower/old"));
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, ["--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"), .. passthrough ? Array.Empty<string>() : ["--no-passthrough"]]);
        var fresh = Pattern(2, 3 << 20);
        var tail = Pattern(3, 100_000);
        using (var f = new FileStream(Path.Combine(m, "new"), FileMode.CreateNew))
        {
            f.Write(fresh);
            f.Flush(flushToDisk: true);
        }
        using (var f = new FileStream(Path.Combine(m, "old"), FileMode.Append))
        {
            f.Write(tail);
            f.Flush(flushToDisk: true);
            MountDaemon.Kill(MountDaemon.PidOf(m));   // while the file is still open: no release, no flush after fsync
        }
        Assert.Equal(fresh, File.ReadAllBytes(s.P("upper/new")));
        Assert.Equal([.. content, .. tail], File.ReadAllBytes(s.P("upper/old")));
        Assert.Equal(content, File.ReadAllBytes(s.P("lower/old")));
        Assert.Equal(0, s.Union("unmount", m).Code);
    }

    private enum State { Done, NotDone, Either }

    private sealed record Op(string Name, bool CopiesUp, Action<string> Run, Action<string, State, string> Check);

    private sealed record LowerSet(Dictionary<string, byte[]> Files);

    private static LowerSet BuildLower(Sandbox s)
    {
        var files = new Dictionary<string, byte[]>();
        void Add(string path, byte[] data)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(s.P("lower/" + path))!);
            File.WriteAllBytes(s.P("lower/" + path), data);
            files[path] = data;
        }
        for (int k = 0; k < 2 * Bigs; k++) Add($"big{k}", Pattern(100 + k, BigSize));
        for (int k = 0; k < Smalls; k++) Add($"small{k}", Pattern(200 + k, 3000 + k));
        for (int d = 0; d < Dirs; d++)
            for (int k = 0; k < FilesPerDir; k++) Add($"dir{d}/f{k}", Pattern(300 + d * 100 + k, 500));
        return new LowerSet(files);
    }

    private static IEnumerable<Op> Operations(LowerSet lower)
    {
        for (int k = 0; k < Bigs; k++)
        {
            string name = $"big{k}";
            var record = Pattern(400 + k, 64 * 1024);
            yield return new Op(name, true,
                m => { using var f = new FileStream(m + "/" + name, FileMode.Append); f.Write(record); },
                (m, state, where) =>
                {
                    var now = File.ReadAllBytes(m + "/" + name);
                    var before = lower.Files[name];
                    Assert.True(now.AsSpan().StartsWith(before), $"{where}: {name} lost its lower content");
                    var added = now.AsSpan(before.Length);
                    if (state == State.Done) Assert.True(added.SequenceEqual(record), $"{where}: {name} lost its append");
                    else if (state == State.NotDone) Assert.Equal(0, added.Length);
                    else Assert.True(record.AsSpan().StartsWith(added), $"{where}: {name} has foreign bytes");
                });
        }
        for (int k = 0; k < Bigs; k++) yield return Move($"big{Bigs + k}", copiesUp: true);
        for (int k = 0; k < Smalls; k++) yield return Move($"small{k}", copiesUp: true);
        for (int d = 0; d < Dirs; d++) yield return Move($"dir{d}", copiesUp: false);
        for (int k = 0; k < News; k++)
        {
            string name = $"new{k}";
            var data = Pattern(500 + k, 2 << 20);
            yield return new Op(name, false, m => File.WriteAllBytes(m + "/" + name, data), (m, state, where) =>
            {
                string path = m + "/" + name;
                if (state == State.NotDone) { Assert.False(File.Exists(path), $"{where}: {name} appeared"); return; }
                if (state == State.Done) { Assert.Equal(data, File.ReadAllBytes(path)); return; }
                if (File.Exists(path)) Assert.True(data.AsSpan().StartsWith(File.ReadAllBytes(path)), $"{where}: {name} has foreign bytes");
            });
        }

        Op Move(string name, bool copiesUp) => new(name, copiesUp,
            m =>
            {
                if (File.Exists(m + "/" + name)) File.Move(m + "/" + name, m + "/" + name + ".moved");
                else Directory.Move(m + "/" + name, m + "/" + name + ".moved");
            },
            (m, state, where) =>
            {
                bool atOld = Path.Exists(m + "/" + name), atNew = Path.Exists(m + "/" + name + ".moved");
                Assert.True(atOld != atNew, $"{where}: {name} shows {(atOld ? "under both names" : "under neither name")}");
                if (state != State.Either) Assert.Equal(state == State.Done, atNew);
                string here = m + "/" + name + (atNew ? ".moved" : "");
                foreach (var (path, data) in lower.Files)
                    if (path == name || path.StartsWith(name + "/", StringComparison.Ordinal))
                        Assert.True(data.AsSpan().SequenceEqual(File.ReadAllBytes(here + path[name.Length..])), $"{where}: {path} differs");
            });
    }

    /// <summary>Straight from the upper: a copied-up file is always whole (its lower content, plus appends).</summary>
    private static void AssertNoPartialCopies(Sandbox s, LowerSet lower)
    {
        foreach (var path in Directory.EnumerateFiles(s.P("upper"), "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(s.P("upper"), path);
            if (relative.Contains(".wh.", StringComparison.Ordinal)) continue;
            var origin = relative.EndsWith(".moved", StringComparison.Ordinal) ? relative[..^".moved".Length] : relative;
            origin = origin.Replace(".moved/", "/", StringComparison.Ordinal);
            if (!lower.Files.TryGetValue(origin, out var data)) continue;
            var now = File.ReadAllBytes(path);
            Assert.True(now.Length >= data.Length && now.AsSpan(0, data.Length).SequenceEqual(data),
                $"upper/{relative} is a partial copy ({now.Length} of {data.Length} bytes)");
        }
    }

    /// <summary>Deterministic bytes per seed, cheap to regenerate for comparison.</summary>
    private static byte[] Pattern(int seed, int length)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }
}
