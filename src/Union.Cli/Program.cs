// Entry point of the `union` command: parse, run, and turn every failure into one line and an exit code
// (2 for usage errors, 1 for runtime failures).
using System.CommandLine;
using Union.Cli;
using Union.Cli.Commands;

var root = new RootCommand("union: see several folders as one merged tree (an overlay filesystem)");
root.Subcommands.Add(MountCommand.Create());
root.Subcommands.Add(UnmountCommand.Create());
root.Subcommands.Add(ListCommand.Create());
root.Subcommands.Add(DiffCommand.Create());
root.Subcommands.Add(ExportCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(CommitCommand.Create());
root.Subcommands.Add(SquashCommand.Create());
root.Subcommands.Add(ConvertCommand.Create());
root.Subcommands.Add(CheckCommand.Create());

ParseResult parse;
try
{
    parse = root.Parse(MountHelper.InvokedAs() == MountHelper.Name ? MountHelper.Translate(args) : args);
}
catch (UsageException e)
{
    Console.Error.WriteLine($"union: {e.Message}");
    return ExitCodes.Usage;
}
if (parse.Errors.Count > 0)
{
    Console.Error.WriteLine($"union: {parse.Errors[0].Message} (see 'union --help')");
    return ExitCodes.Usage;
}
try
{
    // Exceptions reach the handlers below (the default handler would print a stack trace).
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (UsageException e)
{
    Console.Error.WriteLine($"union: {e.Message}");
    return ExitCodes.Usage;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or Union.Core.FsException or InvalidDataException)
{
    // A runtime failure of an offline command: one line, exit 1.
    Console.Error.WriteLine($"union: {e.Message}");
    return ExitCodes.Failure;
}
