// Names reserved for the offline snapshot commands, so scripts written against them fail clearly until they land.
namespace Union.Cli.Commands;

using System.CommandLine;

internal static class ReservedCommands
{
    public static IEnumerable<Command> Create()
    {
        foreach (var name in new[] { "convert", "check" })
        {
            var command = new Command(name, "(reserved for the snapshot workflow; not available in this version)") { Hidden = true };
            command.TreatUnmatchedTokensAsErrors = false;
            command.SetAction(_ =>
            {
                Console.Error.WriteLine($"union: '{name}' is not available in this version yet");
                return ExitCodes.Failure;
            });
            yield return command;
        }
    }
}
