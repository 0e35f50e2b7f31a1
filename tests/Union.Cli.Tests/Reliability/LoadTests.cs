// Several threads and processes doing mixed operations on one mount of the real daemon for a bounded time
// (UNION_LOAD_SECONDS, default 20): no call hangs (a watchdog bounds each one), no write is lost (every writer
// checks its own data), and the daemon's memory stays flat (VmRSS sampled from /proc).
namespace Union.Cli.Tests.Reliability;

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

[Collection("mounts")]
public class LoadTests
{
    private const int SharedFiles = 16, SharedSize = 64 * 1024, RecordSize = 32, CopyUpThreads = 3, ChurnFiles = 300, RenameNames = 8;
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(15);

    [SkippableFact]
    public void Mixed_parallel_load_never_hangs_loses_no_write_and_keeps_memory_flat()
    {
        Sandbox.RequireFuse();
        int seconds = MountDaemon.Env("UNION_LOAD_SECONDS", 20);
        using var s = new Sandbox();
        for (int k = 0; k < SharedFiles; k++) s.File($"lower/shared/s{k}", Lower(k));
        for (int k = 0; k < ChurnFiles; k++) s.File($"lower/churn/c{k}", "churn");
        string lowerTree = Sandbox.Tree(s.P("lower"));
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        string[] args = ["--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work")];
        s.Mount(m, args);
        int pid = MountDaemon.PidOf(m);
        Directory.CreateDirectory(Path.Combine(m, "ren"));

        var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var beats = new ConcurrentDictionary<string, (long At, string Op)>();
        long ops = 0;
        var appended = new ConcurrentDictionary<(int Thread, int File), int>();
        var workers = new List<Thread>();
        void Worker(string name, Action<Random, Action<string>> loop) => workers.Add(new Thread(() =>
        {
            var rng = new Random(name.GetHashCode(StringComparison.Ordinal) ^ 4242);
            try
            {
                while (!stop.IsCancellationRequested)
                    loop(rng, op => { beats[name] = (Environment.TickCount64, op); Interlocked.Increment(ref ops); });
            }
            catch (Exception e) { failures.Enqueue($"{name}: {e.GetType().Name}: {e.Message}"); }
            beats.TryRemove(name, out _);
        }) { Name = name });

        for (int t = 0; t < 3; t++)
        {
            int id = t;
            var own = new Dictionary<string, byte[]>();
            Worker($"writer{id}", (rng, beat) => Writer(m, id, rng, beat, own, failures));
        }
        for (int t = 0; t < CopyUpThreads; t++)
        {
            int id = t;
            Worker($"copyup{id}", (rng, beat) => CopyUpWriter(m, id, rng, beat, appended));
        }
        Worker("renamer", (rng, beat) => Renamer(m, rng, beat));
        Worker("deleter", (rng, beat) => Deleter(m, rng, beat));
        Worker("lister", (rng, beat) => Lister(m, beat, failures));

        // Separate processes: a reader of everything, and a copier that checks each copy with cmp.
        var stopFile = s.P("stop");
        var shells = new[]
        {
            StartShell($"i=0; while [ ! -e '{stopFile}' ]; do i=$((i+1)); ls -la '{m}/shared' '{m}/ren' '{m}/churn' >/dev/null 2>&1;" +
                       $" cat '{m}'/shared/* >/dev/null; done; echo rounds=$i"),
            StartShell($"i=0; while [ ! -e '{stopFile}' ]; do i=$((i+1)); head -c $((i*997 % 200000)) /dev/urandom > '{s.P("src")}';" +
                       $" cp '{s.P("src")}' '{m}/copy'$((i%5)) && cmp -s '{s.P("src")}' '{m}/copy'$((i%5)) || echo LOST $i; done; echo rounds=$i"),
        };

        foreach (var w in workers) w.Start();
        var rss = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds) && failures.IsEmpty)
        {
            Thread.Sleep(500);
            rss.Add(MountDaemon.RssKiB(pid));
            foreach (var (name, (at, op)) in beats)
                if (Environment.TickCount64 - at > CallBound.TotalMilliseconds)
                    failures.Enqueue($"{name} is stuck in {op} for over {CallBound.TotalSeconds} s");
        }
        stop.Cancel();
        File.WriteAllText(stopFile, "");
        foreach (var w in workers)
            if (!w.Join(CallBound)) failures.Enqueue($"{w.Name} did not finish its last call within {CallBound.TotalSeconds} s");
        foreach (var shell in shells)
        {
            if (!shell.WaitForExit(CallBound)) { shell.Kill(true); failures.Enqueue("a shell worker hung"); }
            string output = shell.StandardOutput.ReadToEnd();
            if (output.Contains("LOST", StringComparison.Ordinal)) failures.Enqueue("cp through the mount lost data: " + output);
            if (!output.Contains("rounds=", StringComparison.Ordinal) || output.Contains("rounds=0", StringComparison.Ordinal))
                failures.Enqueue("a shell worker never finished a round: " + output);
            Console.WriteLine("load shell: " + output.Trim());
        }
        Assert.True(failures.IsEmpty, string.Join("\n", failures));

        // Every record a copy-up thread saw written is in its slot, after the intact lower content.
        for (int k = 0; k < SharedFiles; k++)
        {
            var data = File.ReadAllBytes(Path.Combine(m, $"shared/s{k}"));
            var lower = Encoding.ASCII.GetBytes(Lower(k));
            Assert.True(data.AsSpan().StartsWith(lower), $"s{k} lost its lower content");
            for (int t = 0; t < CopyUpThreads; t++)
                for (int n = 0; n < appended.GetValueOrDefault((t, k)); n++)
                    Assert.Equal(Record(t, k, n), data.AsSpan((int)RecordOffset(t, n), RecordSize).ToArray());
        }

        string merged = Sandbox.Tree(m);
        long warm = rss[Math.Min(3, rss.Count - 1)], middle = rss[rss.Count / 2], peak = rss.Max(), last = rss[^1];
        s.Unmount(m);
        s.Mount(m, args);
        Assert.Equal(merged, Sandbox.Tree(m));
        Assert.Equal(lowerTree, Sandbox.Tree(s.P("lower")));
        Console.WriteLine($"load: {seconds} s, {ops} ops ({ops / seconds}/s), daemon VmRSS KiB: warm {warm}, middle {middle}, " +
                          $"peak {peak}, last {last}; second half {(last - middle) * 1024.0 / (ops / 2):F1} bytes/op");
        // The .NET heap grows to its working size in the first seconds, then breathes; a leak grows on. Half the
        // run's operations add well under 16 MiB unless each one leaks hundreds of bytes.
        Assert.True(last - middle < 16 * 1024, $"daemon RSS grew from {middle} to {last} KiB over the second half ({ops / 2} ops)");
    }

    private static string Lower(int k) => $"lower content of shared file {k:D2}\n" + new string((char)('a' + k), SharedSize);

    private static void Writer(string m, int id, Random rng, Action<string> beat, Dictionary<string, byte[]> own,
        ConcurrentQueue<string> failures)
    {
        string name = $"w{id}-{rng.Next(6)}";
        string path = Path.Combine(m, name);
        var data = new byte[rng.Next(1, 256 * 1024)];
        rng.NextBytes(data);
        beat("write " + name);
        File.WriteAllBytes(path, data);
        own[name] = data;
        if (rng.Next(4) == 0)
        {
            string renamed = $"w{id}-{rng.Next(6)}";
            beat($"rename {name} {renamed}");
            File.Move(path, Path.Combine(m, renamed), overwrite: true);
            own.Remove(name);
            own[renamed] = data;
        }
        foreach (var (file, expected) in own)
        {
            beat("verify " + file);
            if (!File.ReadAllBytes(Path.Combine(m, file)).AsSpan().SequenceEqual(expected))
                failures.Enqueue($"writer{id}: {file} does not hold what it wrote last");
        }
    }

    /// <summary>
    /// Writes records into the shared lower files, each thread into its own slots (concurrent O_APPEND is not
    /// what .NET's FileMode.Append does: it seeks to the end, so two appenders would overwrite each other).
    /// </summary>
    private static void CopyUpWriter(string m, int id, Random rng, Action<string> beat,
        ConcurrentDictionary<(int, int), int> appended)
    {
        int k = rng.Next(SharedFiles);
        int n = appended.GetValueOrDefault((id, k));
        beat($"write s{k}");
        using (var f = File.OpenHandle(Path.Combine(m, $"shared/s{k}"), FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            RandomAccess.Write(f, Record(id, k, n), RecordOffset(id, n));
        appended[(id, k)] = n + 1;
        beat($"read s{k}");
        using var r = File.OpenRead(Path.Combine(m, $"shared/s{k}"));
        Assert.True(r.Length >= RecordOffset(id, n) + RecordSize);
    }

    private static byte[] Record(int thread, int file, int n) =>
        Encoding.ASCII.GetBytes($"T{thread} F{file:D2} #{n:D8} ".PadRight(RecordSize - 1, '-') + "\n");

    private static long RecordOffset(int thread, int n) => Lower(0).Length + ((long)n * CopyUpThreads + thread) * RecordSize;

    /// <summary>Renames over each other in one directory, recreating what went missing.</summary>
    private static void Renamer(string m, Random rng, Action<string> beat)
    {
        string from = Path.Combine(m, $"ren/r{rng.Next(RenameNames)}"), to = Path.Combine(m, $"ren/r{rng.Next(RenameNames)}");
        beat("rename " + from);
        try { File.Move(from, to, overwrite: true); }
        catch (FileNotFoundException) { beat("create " + from); File.WriteAllText(from, "r"); }
    }

    /// <summary>Deletes lower files (whiteouts) and writes new ones in their place, while the lister reads the directory.</summary>
    private static void Deleter(string m, Random rng, Action<string> beat)
    {
        string path = Path.Combine(m, $"churn/c{rng.Next(ChurnFiles)}");
        beat("delete " + path);
        if (File.Exists(path)) File.Delete(path);
        else File.WriteAllText(path, "again");
    }

    private static void Lister(string m, Action<string> beat, ConcurrentQueue<string> failures)
    {
        beat("readdir churn");
        var names = Directory.GetFiles(Path.Combine(m, "churn")).Select(Path.GetFileName).ToList();
        if (names.Count != names.Distinct().Count()) failures.Enqueue("readdir returned a name twice");
        if (names.Any(n => !n!.StartsWith('c'))) failures.Enqueue("readdir showed an internal name: " + string.Join(",", names));
    }

    private static Process StartShell(string script)
    {
        var psi = new ProcessStartInfo("bash", ["-c", script]) { RedirectStandardOutput = true };
        return Process.Start(psi)!;
    }
}
