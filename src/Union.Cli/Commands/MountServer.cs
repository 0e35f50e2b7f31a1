// Serves one mount in this process until it goes away: unmounted from anywhere, SIGINT or SIGTERM.
namespace Union.Cli.Commands;

using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Union.Core;
using Union.Linux;

[SupportedOSPlatform("linux")]
internal static class MountServer
{
    public static async Task<int> RunAsync(MountRequest request, CancellationToken cancel)
    {
        if (Daemon.IsDaemonChild) ProcessSession.Detach();
        // Before the engine opens the layers (which prepares the work directory): a refusal changes nothing.
        if (!File.Exists("/dev/fuse"))
        {
            Console.Error.WriteLine("union: /dev/fuse is missing: load the fuse module (modprobe fuse) or install fuse3");
            return ExitCodes.Failure;
        }
        if (!ProcessSession.IsRoot && !OnPath("fusermount3"))
        {
            Console.Error.WriteLine("union: fusermount3 is missing: install the fuse3 package, or mount as root");
            return ExitCodes.Failure;
        }
        UnionFileSystem union;
        try
        {
            union = UnionFileSystem.Open(request.ToUnionOptions());
        }
        catch (FsException e)
        {
            throw new UsageException(e.Message);
        }
        using (union)
        {
            bool root = ProcessSession.IsRoot;
            var defaults = new UnionFuseOptions();
            UnionMount mount;
            try
            {
                mount = UnionMount.Start(union, request.MountPoint, new UnionFuseOptions
                {
                    Passthrough = request.Passthrough,
                    Threads = request.Threads,
                    SpinMicroseconds = request.SpinMicroseconds ?? defaults.SpinMicroseconds,
                    IoUring = request.IoUring,
                    AllowOther = request.AllowOther ?? root,
                    DefaultPermissions = request.DefaultPermissions ?? root,
                    PosixAcl = request.Acl,
                    ReadOnly = request.ReadOnly,
                    FsName = Describe(request),
                    EntryTimeout = Seconds(request.EntryTimeout) ?? defaults.EntryTimeout,
                    AttributeTimeout = Seconds(request.AttributeTimeout) ?? defaults.AttributeTimeout,
                    NegativeTimeout = Seconds(request.NegativeTimeout) ?? defaults.NegativeTimeout,
                    Log = line => Console.Error.WriteLine($"union: {line}"),
                    Trace = request.Debug || request.LogLevel == LogLevel.Debug ? line => Console.Error.WriteLine(line) : null,
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"union: cannot mount '{request.MountPoint}': {e.Message}");
                return ExitCodes.Failure;
            }
            using (mount)
            {
                // The first stat waits for INIT: once it answers, the mount is ready for everyone.
                Directory.Exists(request.MountPoint);
                using var stop = new CancellationTokenSource();
                using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                Info(request, $"mounted {Describe(request)} on {request.MountPoint} (passthrough {(mount.Passthrough ? "on" : "off")}, io_uring {(mount.IoUring ? "on" : "off")})");
                Daemon.SignalReady();
                var stopped = Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(stop.Token, cancel).Token);
                await Task.WhenAny(mount.Completion, stopped).ConfigureAwait(false);
                if (!mount.Completion.IsCompleted)
                {
                    // Asked to stop: unmount; if files are still open, detach so the daemon can exit cleanly. The
                    // mount's own Unmount never takes down another mount that stands at or over the mountpoint.
                    try { mount.Unmount(); }
                    catch (IOException) { mount.Unmount(lazy: true); }
                }
            }
            Info(request, $"unmounted {request.MountPoint}");
            return ExitCodes.Ok;
        }
    }

    /// <summary>Whether an executable of that name is on PATH (an ordinary user mounts through fusermount3).</summary>
    private static bool OnPath(string program)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, program);
            if (File.Exists(path) && (File.GetUnixFileMode(path) & anyExecute) != 0) return true;
        }
        return false;
    }

    private static TimeSpan? Seconds(double? value) => value is { } s ? TimeSpan.FromSeconds(s) : null;

    private static void Info(MountRequest request, string line)
    {
        if (request.LogLevel >= LogLevel.Info) Console.Error.WriteLine($"union: {line}");
    }

    /// <summary>The source column of /proc/mounts: "union:lower1:lower2=>upper", so `union list` can show layers.</summary>
    private static string Describe(MountRequest request)
    {
        var options = request.ToUnionOptions();
        var text = "union:" + string.Join(':', options.Lowers) + (options.Upper is null ? "" : "=>" + options.Upper);
        return text.Replace(' ', '_');
    }
}
