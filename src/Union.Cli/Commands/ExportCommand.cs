// `union export`: an upper's changes (or with --merged the whole view) as an OCI image layer tar, optionally
// compressed. Written to a temp name beside the output and renamed, so a failed export leaves no partial archive.
namespace Union.Cli.Commands;

using System.CommandLine;
using Union.Cli.Archive;
using Union.Core;
using Union.Core.Archive;

internal static class ExportCommand
{
    public static Command Create()
    {
        var upper = new Option<string?>("--upper") { Description = "The upper layer whose changes to export" };
        var lower = new Option<string[]>("--lower") { Description = "A lower layer; repeat, topmost first (needed for --merged and renamed directories)" };
        var merged = new Option<bool>("--merged") { Description = "Export the whole merged view, not just the changes" };
        var output = new Option<string>("--output", "-o") { Description = "The archive to write ('-' for stdout)", Required = true };
        var compress = new Option<string?>("--compress") { Description = "none, gzip or zstd (default: by the output's extension)" };
        var command = new Command("export", "Write an upper layer as an OCI image layer tar") { upper, lower, merged, output, compress };
        command.SetAction(parse =>
        {
            var upperPath = parse.GetValue(upper) is { } u ? DiffCommand.Full(u) : null;
            var lowers = (parse.GetValue(lower) ?? []).Select(DiffCommand.Full).ToList();
            bool whole = parse.GetValue(merged);
            if (!whole && upperPath is null) throw new UsageException("give the upper layer to export (--upper DIR), or --merged with the layers");
            if (whole && upperPath is null && lowers.Count == 0) throw new UsageException("--merged needs layers (--upper DIR and/or --lower DIR)");
            foreach (var layer in lowers.Append(upperPath).OfType<string>())
                if (!Directory.Exists(layer)) throw new UsageException($"layer '{layer}' does not exist");
            var target = parse.GetValue(output)!;
            var compression = Compressions.Parse(parse.GetValue(compress), target);
            if (target == "-")
            {
                using var stdout = Console.OpenStandardOutput();
                Write(stdout);
                return ExitCodes.Ok;
            }
            target = Path.GetFullPath(target);
            var temp = $"{target}.union-{Environment.ProcessId}.tmp";
            try
            {
                using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write)) Write(file);
                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }
            return ExitCodes.Ok;

            void Write(Stream stream)
            {
                using (var packed = Compressions.Compress(stream, compression))
                {
                    if (whole) LayerArchive.ExportMerged(upperPath, lowers, packed);
                    else LayerArchive.Export(upperPath!, lowers, packed);
                }
                stream.Flush();
            }
        });
        return command;
    }
}
