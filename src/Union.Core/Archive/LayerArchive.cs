// OCI image layers (tar): an upper's changes out, a layer in as an upper that mounts directly.
namespace Union.Core.Archive;

/// <summary>
/// Export writes PAX tar with OCI whiteouts (<c>.wh.NAME</c>, <c>.wh..wh..opq</c>) whatever format the upper uses;
/// import writes them in the format asked for. Compression is the caller's (wrap the stream).
/// </summary>
public static class LayerArchive
{
    /// <summary>
    /// The changes of <paramref name="upper"/> as an OCI layer. A renamed directory (redirect) has no OCI
    /// spelling: it is written opaque with its whole merged content, which needs <paramref name="lowers"/>.
    /// </summary>
    public static void Export(string upper, IReadOnlyList<string> lowers, Stream output)
    {
        using var export = new LayerExport(output, upper, lowers);
        export.WriteUpper();
    }

    /// <summary>The whole merged view of <paramref name="upper"/> (may be null) over <paramref name="lowers"/>, without whiteouts.</summary>
    public static void ExportMerged(string? upper, IReadOnlyList<string> lowers, Stream output)
    {
        using var export = new LayerExport(output, upper, lowers);
        export.WriteMerged();
    }

    /// <summary>
    /// Extracts a layer into <paramref name="into"/> (created if missing), writing whiteouts and opaque markers in
    /// <paramref name="format"/>. Entries that would land outside (absolute, <c>..</c>, through a symlink) are refused
    /// with <see cref="InvalidDataException"/>.
    /// </summary>
    /// <remarks><paramref name="openInput"/> is called twice: a first pass checks every name before anything is written.</remarks>
    public static void Import(Func<Stream> openInput, string into, WhiteoutFormat format)
    {
        using var import = new LayerImport(into, format);
        import.Extract(openInput);
    }
}
