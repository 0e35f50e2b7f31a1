// `union unmount MOUNTPOINT`: also clears a mount whose daemon died ("Transport endpoint is not connected").
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Linux;

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
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("union: unmount is only available on Linux in this version");
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
}
