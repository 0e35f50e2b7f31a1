// Compression of layer archives: chosen by flag or file extension on export, recognised by magic bytes on import.
namespace Union.Cli.Archive;

using System.IO.Compression;

internal enum Compression { None, Gzip, Zstd }

internal static class Compressions
{
    public static Compression Parse(string? value, string output) => value switch
    {
        null when output.EndsWith(".gz", StringComparison.Ordinal) || output.EndsWith(".tgz", StringComparison.Ordinal) => Compression.Gzip,
        null when output.EndsWith(".zst", StringComparison.Ordinal) || output.EndsWith(".zstd", StringComparison.Ordinal) => Compression.Zstd,
        null or "none" => Compression.None,
        "gzip" => Compression.Gzip,
        "zstd" => Compression.Zstd,
        _ => throw new UsageException($"unknown compression '{value}': use none, gzip or zstd"),
    };

    public static Stream Compress(Stream output, Compression compression) => compression switch
    {
        Compression.Gzip => new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true),
        Compression.Zstd => new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true),
        _ => output,
    };

    /// <summary>Opens an archive, decompressing gzip (1f 8b) or zstd (28 b5 2f fd) as its first bytes say.</summary>
    public static Stream OpenRead(string path)
    {
        var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[4];
        int n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        if (n >= 2 && magic[0] == 0x1f && magic[1] == 0x8b) return new GZipStream(file, CompressionMode.Decompress);
        if (n >= 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
            return new ZstdSharp.DecompressionStream(file);
        return file;
    }
}
