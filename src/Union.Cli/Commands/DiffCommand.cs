// `union diff`: what an upper changes over its lowers, like `docker diff` with sizes and a content/metadata line.
// Offline: needs no mount. Text is one stable sorted line per change; --json follows docs/schemas/changes.schema.json.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Cli.Json;
using Union.Core;
using Union.Core.Changes;

internal static class DiffCommand
{
    public static Command Create()
    {
        var upper = new Option<string>("--upper") { Description = "The upper layer to read", Required = true };
        var lower = new Option<string[]>("--lower") { Description = "A lower layer; repeat, topmost first (none: all is added)" };
        var json = new Option<bool>("--json") { Description = "Print JSON (docs/schemas/changes.schema.json)" };
        var command = new Command("diff", "List what an upper layer changes over its lowers") { upper, lower, json };
        command.SetAction(parse =>
        {
            var upperPath = Full(parse.GetValue(upper)!);
            var lowers = (parse.GetValue(lower) ?? []).Select(Full).ToList();
            var set = Read(upperPath, lowers);
            Console.Out.Write(parse.GetValue(json) ? ChangeReport.From(set, upperPath, lowers).ToJson() + "\n" : set.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads a change set; a layer that cannot be read is bad input (one line, exit 2).</summary>
    public static ChangeSet Read(string upper, IReadOnlyList<string> lowers)
    {
        try
        {
            return ChangeSet.Read(upper, lowers);
        }
        catch (FsException e)
        {
            throw new UsageException(e.Message);
        }
    }

    public static string Full(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
