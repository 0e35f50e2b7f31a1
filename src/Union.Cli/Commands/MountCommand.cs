// `union mount`: checks the request, then either serves the mount in this process (--foreground) or starts a
// background daemon and returns once the mount is ready, as fuse-overlayfs and mount(8) do.
namespace Union.Cli.Commands;

using System.CommandLine;

internal static class MountCommand
{
    public static Command Create()
    {
        var lower = new Option<string[]>("--lower") { Description = "A read-only layer; repeat, topmost first", AllowMultipleArgumentsPerToken = false };
        var upper = new Option<string?>("--upper") { Description = "The writable layer that takes every change" };
        var work = new Option<string?>("--work") { Description = "Empty scratch directory on the upper's filesystem" };
        var options = new Option<string[]>("-o") { Description = "Mount options, kernel overlayfs spelling: lowerdir=A:B,upperdir=U,workdir=W,..." };
        var whiteout = new Option<string?>("--whiteout") { Description = "Whiteout format written to the upper: oci (default) or overlay" };
        var foreground = new Option<bool>("--foreground", "-f") { Description = "Stay attached (for systemd and debugging)" };
        var noPassthrough = new Option<bool>("--no-passthrough") { Description = "Serve reads and writes in the daemon instead of the kernel" };
        var readOnly = new Option<bool>("--read-only") { Description = "Refuse every change (no upper layer)" };
        var allowOther = new Option<bool>("--allow-other") { Description = "Let other users see the mount (default when root)" };
        var threads = new Option<int>("--threads") { Description = "FUSE reader threads (default: 2..8 by CPU count)" };
        var debug = new Option<bool>("--debug") { Description = "Trace every FUSE request to stderr (implies --foreground)" };
        var caseInsensitive = new Option<bool>("--case-insensitive") { Description = "Fold case in lookups across layers" };
        var logLevel = new Option<string?>("--log-level") { Description = "error (default), info (mount events) or debug (every request)" };
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "An existing empty directory (on Windows also a free drive letter, X:)" };
        var command = new Command("mount", "Mount layers as one merged tree")
        {
            lower, upper, work, options, whiteout, foreground, noPassthrough, readOnly, allowOther, threads, debug,
            caseInsensitive, logLevel, mountPoint,
        };
        command.SetAction(async (parse, cancel) =>
        {
            try
            {
                return await RunAsync(parse, cancel);
            }
            catch (UsageException e)
            {
                Console.Error.WriteLine($"union: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;

        async Task<int> RunAsync(ParseResult parse, CancellationToken cancel)
        {
            var request = new MountRequest { MountPoint = parse.GetValue(mountPoint)! };
            request.Lowers.AddRange(parse.GetValue(lower) ?? []);
            request.Upper = parse.GetValue(upper);
            request.Work = parse.GetValue(work);
            request.ApplyOptions(parse.GetValue(options) ?? []);
            if (parse.GetValue(whiteout) is { } format) request.Whiteout = MountRequest.ParseWhiteout(format);
            if (parse.GetValue(noPassthrough)) request.Passthrough = false;
            if (parse.GetValue(readOnly)) request.ReadOnly = true;
            if (parse.GetValue(allowOther)) request.AllowOther = true;
            if (parse.GetValue(threads) is var t and not 0) request.Threads = MountRequest.ParseThreads(t.ToString());
            if (parse.GetValue(debug)) request.Debug = true;
            if (parse.GetValue(caseInsensitive)) request.CaseInsensitive = true;
            if (parse.GetValue(logLevel) is { } level) request.LogLevel = MountRequest.ParseLogLevel(level);
            if (OperatingSystem.IsLinux()) ClearStaleMount(request.MountPoint);
            request.Validate();
            if (OperatingSystem.IsWindows()) return await WindowsMountServer.RunAsync(request, cancel);
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("union: mounting is available on Linux and Windows only");
                return ExitCodes.Failure;
            }
            if (parse.GetValue(foreground) || request.Debug || Daemon.IsDaemonChild)
                return await MountServer.RunAsync(request, cancel);
            // The parsed tokens, not argv: a mount.fuse.union call arrives translated.
            return await Daemon.StartAsync([.. parse.Tokens.Select(t => t.Value)], cancel);
        }
    }

    /// <summary>
    /// A union whose daemon died (kill -9, OOM) leaves "Transport endpoint is not connected" on the mountpoint;
    /// nothing can be served there any more, so detach it and mount afresh, as a restarted service expects.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static void ClearStaleMount(string mountPoint)
    {
        var full = MountRequest.Full(mountPoint);
        if (!Linux.MountTable.Unions().Any(m => m.MountPoint == full) || !Linux.ProcessSession.IsStale(full)) return;
        if (Linux.ProcessSession.Unmount(full, lazy: true) is { } error)
            throw new UsageException($"'{full}' is a dead union mount and cannot be cleared: {error}");
    }
}
