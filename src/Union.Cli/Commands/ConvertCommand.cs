// `union convert`: switch an upper between OCI (.wh. files) and kernel overlay (0/0 devices, xattrs) markers.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Core;
using Union.Core.Whiteouts;

internal static class ConvertCommand
{
    public static Command Create()
    {
        var to = new Option<string>("--to") { Description = "Target format: oci or overlay", Required = true };
        var upper = new Argument<string>("DIR") { Description = "The upper layer to convert in place (not while mounted)" };
        var command = new Command("convert", "Switch an upper layer between whiteout formats") { to, upper };
        command.SetAction(parse =>
        {
            var format = MountRequest.ParseWhiteout(parse.GetValue(to)!);
            try
            {
                int changed = FormatConversion.Convert(DiffCommand.Full(parse.GetValue(upper)!), format);
                Console.Out.WriteLine($"{changed} markers converted");
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
