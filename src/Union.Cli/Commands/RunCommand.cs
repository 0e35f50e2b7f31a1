// `union run`: mount the layers with a fresh upper, run a command inside the merged view, unmount, print what it
// changed, and remove the temp upper unless --keep. Exits with the command's code (128+N when killed by signal N).
// The lowers are never written: every change lands in the upper. SIGINT/SIGTERM/SIGHUP stop the command and
// still unmount and clean up.
namespace Union.Cli.Commands;

using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Union.Cli.Json;
using Union.Core;
using Union.Core.Changes;
using Union.Core.Layers;
using Union.Linux;

internal static class RunCommand
{
    /// <summary>Exit code when the command cannot be started, as shells use.</summary>
    private const int NotFound = 127;

    public static Command Create()
    {
        var lower = new Option<string[]>("--lower") { Description = "A read-only layer; repeat, topmost first" };
        var upper = new Option<string?>("--upper") { Description = "Upper to write (default: a temp directory)" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temp upper and print its path" };
        var json = new Option<bool>("--json") { Description = "Print the changes as JSON (the command's stdout goes to stderr)" };
        var whiteout = new Option<string?>("--whiteout") { Description = "Whiteout format written to the upper: oci (default) or overlay" };
        var commandLine = new Argument<string[]>("COMMAND") { Description = "The command and its arguments, after --; {} stands for the mount path", Arity = ArgumentArity.OneOrMore };
        var command = new Command("run", "Run a command in a throwaway union and show what it changed")
        {
            lower, upper, keep, json, whiteout, commandLine,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var lowers = (parse.GetValue(lower) ?? []).Select(DiffCommand.Full).ToList();
            if (lowers.Count == 0) throw new UsageException("give at least one lower layer (--lower DIR)");
            foreach (var l in lowers)
                if (!Directory.Exists(l)) throw new UsageException($"lower directory '{l}' does not exist");
            var format = parse.GetValue(whiteout) is { } w ? MountRequest.ParseWhiteout(w) : WhiteoutFormat.Oci;
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("union: run is only available on Linux in this version");
                return ExitCodes.Failure;
            }
            return await RunAsync(lowers, parse.GetValue(upper), format, parse.GetValue(keep), parse.GetValue(json),
                parse.GetValue(commandLine)!, cancel);
        });
        return command;
    }

    [SupportedOSPlatform("linux")]
    private static async Task<int> RunAsync(List<string> lowers, string? upperPath, WhiteoutFormat format, bool keep, bool json,
        string[] commandLine, CancellationToken cancel)
    {
        if (upperPath is not null && lowers.Contains(DiffCommand.Full(upperPath)))
            throw new UsageException($"upper '{DiffCommand.Full(upperPath)}' is also a lower layer");
        // Signals are caught before anything is made, so a stop at any moment still unmounts and cleans up.
        var stop = new StopRequest();
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;  // stay alive to unmount and clean up
            stop.Stop();
        }
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
        using var onCancel = cancel.Register(stop.Stop);
        DetachDeadRuns();
        using var scratch = ScratchUpper.Create(upperPath);
        scratch.Keep = keep;
        int exitCode;
        using (var union = Open(lowers, scratch, format))
        {
            bool root = Environment.IsPrivilegedProcess;
            UnionMount mount;
            try
            {
                mount = UnionMount.Start(union, scratch.MountPoint, new UnionFuseOptions
                {
                    AllowOther = root,
                    DefaultPermissions = root,
                    FsName = "union-run:" + string.Join(':', lowers).Replace(' ', '_'),
                    Log = line => Console.Error.WriteLine($"union: {line}"),
                });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                Console.Error.WriteLine($"union: cannot mount '{scratch.MountPoint}': {e.Message}");
                return ExitCodes.Failure;
            }
            using (mount)
            {
                Directory.Exists(scratch.MountPoint);  // the first stat waits for INIT
                exitCode = await RunChildAsync(commandLine, scratch.MountPoint, json, stop);
            }
        }
        var set = ChangeSet.Read(scratch.Upper, lowers);
        bool kept = keep || !scratch.IsTemporary;
        if (json) Console.Out.Write(ChangeReport.From(set, kept ? scratch.Upper : null, lowers, exitCode).ToJson() + "\n");
        else Console.Out.Write(set.ToString());
        if (keep && scratch.IsTemporary) Console.Error.WriteLine($"union: kept the upper at {scratch.Upper}");
        return exitCode;
    }

    /// <summary>
    /// A run killed outright (SIGKILL, a CI job's timeout) cannot unmount: its union stays mounted with no daemon,
    /// the kernel answers ENOTCONN there, and its temp folder cannot be removed. The next run detaches such mounts
    /// and says so; their uppers are kept, as they may show what the killed command did.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private static void DetachDeadRuns()
    {
        string runs = Path.Combine(Path.GetFullPath(Path.GetTempPath()), ScratchUpper.TempPrefix);
        foreach (var entry in MountTable.Unions())
        {
            string mountPoint = entry.MountPoint;
            if (!mountPoint.StartsWith(runs, StringComparison.Ordinal) || Path.GetFileName(mountPoint) != ScratchUpper.MountPointName ||
                !ProcessSession.IsStale(mountPoint) || ProcessSession.Unmount(mountPoint, lazy: true) is not null)
                continue;
            Console.Error.WriteLine($"union: detached the dead mount of a killed run at {mountPoint} (its upper is kept beside it)");
        }
    }

    private static UnionFileSystem Open(List<string> lowers, ScratchUpper scratch, WhiteoutFormat format)
    {
        try
        {
            return UnionFileSystem.Open(new UnionOptions { Lowers = lowers, Upper = scratch.Upper, Work = scratch.Work, WhiteoutFormat = format });
        }
        catch (FsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Runs the command with cwd = the mount and {} replaced by its path; a stop signal kills it.</summary>
    private static async Task<int> RunChildAsync(string[] commandLine, string mountPoint, bool json, StopRequest stop)
    {
        var psi = new ProcessStartInfo(commandLine[0].Replace("{}", mountPoint, StringComparison.Ordinal))
        {
            WorkingDirectory = mountPoint,
            UseShellExecute = false,
            RedirectStandardOutput = json,
        };
        foreach (var arg in commandLine[1..]) psi.ArgumentList.Add(arg.Replace("{}", mountPoint, StringComparison.Ordinal));
        Process child;
        lock (stop.Gate)
        {
            if (stop.Requested) return 128 + 15;  // as if the command had been terminated at once
            try
            {
                child = Process.Start(psi)!;
            }
            catch (Win32Exception e)
            {
                Console.Error.WriteLine($"union: cannot run '{commandLine[0]}': {e.Message}");
                return NotFound;
            }
            stop.Child = child;
        }
        using (child)
        {
            // With --json, stdout carries the report: the command's own output goes to stderr.
            var relay = json ? child.StandardOutput.BaseStream.CopyToAsync(Console.OpenStandardError(), CancellationToken.None) : Task.CompletedTask;
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await relay.ConfigureAwait(false);
            return child.ExitCode;
        }
    }

    /// <summary>A stop asked for by a signal: kills the command if it runs, or keeps it from starting.</summary>
    private sealed class StopRequest
    {
        /// <summary>Held while the command starts, so a stop cannot slip between the check and the start.</summary>
        public Lock Gate { get; } = new();
        public bool Requested { get; private set; }
        public Process? Child { get; set; }

        public void Stop()
        {
            lock (Gate)
            {
                Requested = true;
                try { Child?.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
        }
    }
}
