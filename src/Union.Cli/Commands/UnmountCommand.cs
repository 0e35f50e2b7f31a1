// `union unmount MOUNTPOINT`: also clears a mount whose daemon died ("Transport endpoint is not connected").
// On Windows it asks Dokan to remove the drive letter or folder mount; the serving process then exits.
namespace Union.Cli.Commands;

using System.CommandLine;
using System.Runtime.Versioning;
using Union.Linux;
using Union.Windows;

internal static class UnmountCommand
{
    public static Command Create()
    {
        var mountPoint = new Argument<string>("MOUNTPOINT") { Description = "Where the union is mounted" };
        var lazy = new Option<bool>("--lazy", "-l") { Description = "Detach now even if files are open (MNT_DETACH)" };
        var command = new Command("unmount", "Unmount a union") { mountPoint, lazy };
        command.Aliases.Add("umount");
        command.SetAction(parse =>
        {
            if (OperatingSystem.IsWindows()) return UnmountWindows(parse.GetValue(mountPoint)!);
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("union: unmount is available on Linux and Windows only");
                return ExitCodes.Failure;
            }
            var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(parse.GetValue(mountPoint)!));
            if (!MountTable.Unions().Any(m => m.MountPoint == path))
            {
                Console.Error.WriteLine($"union: '{path}' is not a union mount (see 'union list')");
                return ExitCodes.Failure;
            }
            var error = ProcessSession.Unmount(path, parse.GetValue(lazy));
            if (error is null) return ExitCodes.Ok;
            Console.Error.WriteLine($"union: {error}");
            return ExitCodes.Failure;
        });
        return command;
    }

    [SupportedOSPlatform("windows")]
    private static int UnmountWindows(string mountPoint)
    {
        var normalized = WindowsMountPoint.Normalize(mountPoint);
        try
        {
            if (UnionDokanMount.Unmount(normalized)) return ExitCodes.Ok;
            Console.Error.WriteLine($"union: '{normalized}' is not a Dokan mount");
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"union: {e.Message}");
        }
        return ExitCodes.Failure;
    }
}
