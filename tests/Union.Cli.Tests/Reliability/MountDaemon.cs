// The background `union mount` process serving one mountpoint, found through /proc: kill it, sample its memory.
namespace Union.Cli.Tests.Reliability;

using System.Diagnostics;

internal static class MountDaemon
{
    /// <summary>The pid of the daemon whose command line is `union mount ... MOUNTPOINT`.</summary>
    public static int PidOf(string mountPoint)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            string[] args;
            try { args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (args.Length > 2 && args[0] == Sandbox.Binary && args[1] == "mount" && args[^1] == mountPoint) return pid;
        }
        throw new InvalidOperationException($"no union daemon serves {mountPoint}");
    }

    /// <summary>SIGKILL, then wait until every thread has exited: the last one closes the /dev/fuse fd.</summary>
    public static void Kill(int pid)
    {
        using (var process = Process.GetProcessById(pid)) process.Kill();
        var deadline = Stopwatch.StartNew();
        while (IsAlive(pid))
        {
            Assert.True(deadline.ElapsedMilliseconds < 10_000, $"daemon {pid} survived SIGKILL");
            Thread.Sleep(2);
        }
    }

    /// <summary>
    /// The leader of a multi-threaded process turns zombie first, while other threads still hold its files; it is
    /// gone for good once no other thread is left and the leader is a zombie (or reaped).
    /// </summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            if (Directory.GetDirectories($"/proc/{pid}/task").Length > 1) return true;
            // /proc/PID/stat: "pid (comm) STATE ..."; the comm may hold spaces, the state follows the last ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }

    /// <summary>Resident set size in KiB (VmRSS of /proc/PID/status).</summary>
    public static long RssKiB(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        throw new InvalidOperationException($"no VmRSS for {pid}");
    }

    /// <summary>
    /// True while the mountpoint answers "Transport endpoint is not connected" (ENOTCONN), or "Software caused
    /// connection abort" (ECONNABORTED: a request that was already queued on a ring when the kernel tore the
    /// connection down). Asked with statfs (`stat -f`), which always reaches the daemon; stat, open and readdir may
    /// be answered from the kernel's caches.
    /// </summary>
    public static bool IsStale(string mountPoint) =>
        Sandbox.Run("stat", "-f", mountPoint).Err is var error &&
        (error.Contains("not connected", StringComparison.Ordinal) || error.Contains("connection abort", StringComparison.Ordinal));

    public static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int value) && value > 0 ? value : fallback;
}
