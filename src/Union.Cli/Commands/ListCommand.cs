// `union list`: the union mounts on this machine and their layers.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Linux;

internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("list", "Show the union mounts on this machine with their layers");
        command.SetAction(_ =>
        {
            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("union: list is only available on Linux in this version");
                return ExitCodes.Failure;
            }
            foreach (var entry in MountTable.Unions())
                Console.WriteLine($"{entry.MountPoint}\t{entry.Source}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
