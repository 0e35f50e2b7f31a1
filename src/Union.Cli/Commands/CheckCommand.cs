// `union check`: list the inconsistencies of an upper (one per line), repair them with --repair. Exit 0 when
// nothing is left to repair, 1 when problems remain.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Core;
using Union.Core.Layers;

internal static class CheckCommand
{
    public static Command Create()
    {
        var upper = new Argument<string>("DIR") { Description = "The upper layer to check (not while mounted)" };
        var lower = new Option<string[]>("--lower") { Description = "Its lower layers, topmost first (to find whiteouts over nothing)" };
        var work = new Option<string?>("--work") { Description = "Its work directory (to find partial copies)" };
        var repair = new Option<bool>("--repair") { Description = "Fix what is found" };
        var command = new Command("check", "Find and repair inconsistencies in an upper layer") { upper, lower, work, repair };
        command.SetAction(parse =>
        {
            var lowers = (parse.GetValue(lower) ?? []).Select(DiffCommand.Full).ToList();
            foreach (var l in lowers)
                if (!Directory.Exists(l)) throw new UsageException($"lower directory '{l}' does not exist");
            IReadOnlyList<LayerProblem> problems;
            try
            {
                problems = LayerCheck.Run(DiffCommand.Full(parse.GetValue(upper)!), lowers, parse.GetValue(work), parse.GetValue(repair));
            }
            catch (FsException e) when (e.Error == FsError.NotFound)
            {
                throw new UsageException(e.Message);
            }
            foreach (var problem in problems) Console.Out.WriteLine(problem);
            return problems.All(p => p.Repaired) ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
