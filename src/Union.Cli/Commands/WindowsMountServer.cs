// Serves one mount on Windows in this process until it goes away: `union unmount X:`, Explorer's eject or Ctrl+C.
// Dokan runs its callbacks in the mounting process, so there is no background daemon on Windows.
namespace Union.Cli.Commands;

using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Union.Core;
using Union.Windows;

[SupportedOSPlatform("windows")]
internal static class WindowsMountServer
{
    public static async Task<int> RunAsync(MountRequest request, CancellationToken cancel)
    {
        UnionFileSystem union;
        try
        {
            // Windows programs expect names to match in any case.
            union = UnionFileSystem.Open(request.ToUnionOptions() with { CaseInsensitive = true });
        }
        catch (FsException e)
        {
            throw new UsageException(e.Message);
        }
        catch (PlatformNotSupportedException e)
        {
            Console.Error.WriteLine($"union: {e.Message}");
            return ExitCodes.Failure;
        }

        using (union)
        {
            UnionDokanMount mount;
            try
            {
                // Info and up: what the adapter skipped or could not do (names without a Windows form, failed deletes).
                var trace = request.Debug || request.LogLevel >= LogLevel.Info ? line => Console.Error.WriteLine($"union: {line}") : (Action<string>?)null;
                mount = UnionDokanMount.Start(union, request.MountPoint, trace);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"union: {e.Message}");
                return ExitCodes.Failure;
            }

            using (mount)
            {
                Console.Error.WriteLine($"union: mounted at {mount.MountPoint}; press Ctrl+C or run 'union unmount {mount.MountPoint}' to unmount");
                using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; mount.Unmount(); });
                using var onCancel = cancel.Register(() => mount.Unmount());
                await Task.Run(mount.WaitForUnmount, CancellationToken.None);
            }
        }

        return ExitCodes.Ok;
    }
}
