// `union squash`: flatten a stack of layers into one plain directory, as a mount of them would show it.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Cli.Terminal;
using Union.Core;
using Union.Core.Commit;

internal static class SquashCommand
{
    public static Command Create()
    {
        var lower = new Option<string[]>("--lower") { Description = "A layer; repeat, topmost first", Required = true };
        var into = new Option<string>("--into") { Description = "An empty or new directory to write", Required = true };
        var command = new Command("squash", "Flatten layers into one directory") { lower, into };
        command.SetAction(parse =>
        {
            var lowers = parse.GetValue(lower)!.Select(DiffCommand.Full).ToList();
            var target = DiffCommand.Full(parse.GetValue(into)!);
            foreach (var layer in lowers)
            {
                if (!Directory.Exists(layer)) throw new UsageException($"layer '{layer}' does not exist");
                if (layer == target || target.StartsWith(layer + "/", StringComparison.Ordinal) || layer.StartsWith(target + "/", StringComparison.Ordinal))
                    throw new UsageException($"layer '{layer}' and target '{target}' overlap");
            }
            if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
                throw new UsageException($"'{target}' is not empty: squash into an empty or new directory");
            using var bar = ProgressBar.ForTerminal("squash");
            LayerChanges.Squash(lowers, target, bar is null ? null : bar.Report);
            return ExitCodes.Ok;
        });
        return command;
    }
}
