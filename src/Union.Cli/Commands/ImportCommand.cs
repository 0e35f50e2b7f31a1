// `union import`: extract an OCI image layer tar (plain, gzip or zstd) into an upper directory that then mounts
// directly, with whiteouts in the format asked for. A name that would escape the directory refuses the archive.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Cli.Archive;
using Union.Core.Archive;

internal static class ImportCommand
{
    public static Command Create()
    {
        var archive = new Argument<string>("ARCHIVE") { Description = "The layer tar (.tar, .tar.gz, .tar.zst)" };
        var into = new Option<string>("--into") { Description = "The upper directory to write (created if missing)", Required = true };
        var whiteout = new Option<string?>("--whiteout") { Description = "Whiteout format to write: oci (default) or overlay" };
        var command = new Command("import", "Extract an OCI image layer into an upper directory") { archive, into, whiteout };
        command.SetAction(parse =>
        {
            var path = Path.GetFullPath(parse.GetValue(archive)!);
            if (!File.Exists(path)) throw new UsageException($"archive '{path}' does not exist");
            var format = parse.GetValue(whiteout) is { } w ? MountRequest.ParseWhiteout(w) : Union.Core.WhiteoutFormat.Oci;
            var target = DiffCommand.Full(parse.GetValue(into)!);
            if (File.Exists(target)) throw new UsageException($"'{target}' is not a directory");
            try
            {
                LayerArchive.Import(() => Compressions.OpenRead(path), target, format);
            }
            catch (InvalidDataException e)
            {
                throw new UsageException(e.Message);
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
