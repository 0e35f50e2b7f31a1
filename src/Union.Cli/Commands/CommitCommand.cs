// `union commit`: apply an upper's changes to a directory, atomically per file and resumable (run it again after
// an interruption). --dry-run prints each step instead; a long run draws a progress bar on a terminal.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Cli.Terminal;
using Union.Core;
using Union.Core.Commit;

internal static class CommitCommand
{
    public static Command Create()
    {
        var upper = new Option<string>("--upper") { Description = "The upper layer whose changes to apply", Required = true };
        var into = new Option<string>("--into") { Description = "The directory to change (usually the lower the upper was made over)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print each step without changing anything" };
        var command = new Command("commit", "Apply an upper layer's changes to a directory") { upper, into, dryRun };
        command.SetAction(parse =>
        {
            var upperPath = DiffCommand.Full(parse.GetValue(upper)!);
            var target = DiffCommand.Full(parse.GetValue(into)!);
            if (upperPath == target || target.StartsWith(upperPath + "/", StringComparison.Ordinal) ||
                upperPath.StartsWith(target + "/", StringComparison.Ordinal))
                throw new UsageException($"upper '{upperPath}' and target '{target}' overlap");
            bool dry = parse.GetValue(dryRun);
            using var bar = dry ? null : ProgressBar.ForTerminal("commit");
            try
            {
                LayerChanges.Commit(upperPath, target, dry, dry ? line => Console.Out.WriteLine(line) : null, bar is null ? null : bar.Report);
            }
            catch (FsException e) when (e.Error == FsError.NotFound)
            {
                throw new UsageException(e.Message);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
