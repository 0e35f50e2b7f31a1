// The on-disk markers of a union layer, in both formats: whiteouts, opaque directories and directory redirects.
// Both formats are always read; the configured one is written. OCI: `.wh.NAME` files, and in the `.wh..wh.`
// namespace OCI and aufs reserve for metadata, `.wh..wh..opq` and `.wh..wh..redirect` (Markers.Redirect.cs).
// Overlay: 0/0 character devices and `trusted.`/`user.overlay.opaque` and `.redirect` xattrs, as the kernel reads them.
namespace Union.Core.Whiteouts;

using System.Text;
using Union.Core.Host;

/// <param name="foldCase">Case-insensitive union: a marker for any case variant of a name counts for the name.</param>
internal sealed partial class Markers(IHostFileSystem host, WhiteoutFormat format, bool userXattrs, bool foldCase = false)
{
    public const string OciPrefix = ".wh.";
    /// <summary>Names in this namespace are a directory's own metadata, not whiteouts.</summary>
    public const string OciMetaPrefix = ".wh..wh.";
    public const string OciOpaque = ".wh..wh..opq";
    private static readonly string[] XattrNamespaces = ["trusted.overlay.", "user.overlay."];
    private readonly string _writePrefix = userXattrs ? "user.overlay." : "trusted.overlay.";

    public WhiteoutFormat Format { get; } = format;
    /// <summary>Prefix of the engine's own xattrs in the namespace it writes ("user.overlay." or "trusted.overlay.").</summary>
    public string WritePrefix => _writePrefix;

    /// <summary>True for names that belong to the engine and never show in the merged view.</summary>
    public static bool IsReservedName(string name) => name.StartsWith(OciPrefix, StringComparison.Ordinal);

    /// <summary>
    /// True for the OCI metadata names (<c>.wh..wh..opq</c>, <c>.wh..wh..redirect</c>, aufs's own): markers of the
    /// directory they stand in, never a whiteout of a name.
    /// </summary>
    public static bool IsMetadataName(string name) => name.StartsWith(OciMetaPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Names that may not be created: folding, <c>.WH.x</c> is refused too, since on a case-insensitive host (NTFS)
    /// it would be the very file that whites out <c>x</c>.
    /// </summary>
    public bool IsReservedForCreate(string name) =>
        name.StartsWith(OciPrefix, foldCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>True for xattrs the engine keeps for itself and hides from callers.</summary>
    public static bool IsReservedXattr(string name) =>
        name.StartsWith("trusted.overlay.", StringComparison.Ordinal) ||
        name.StartsWith("user.overlay.", StringComparison.Ordinal) ||
        name.StartsWith("trusted.unionfs.", StringComparison.Ordinal) ||
        name.StartsWith("user.unionfs.", StringComparison.Ordinal);

    /// <summary>Whether a found entry is a kernel-format whiteout: a 0/0 character device.</summary>
    public static bool IsWhiteout(in EntryAttributes attributes) =>
        attributes.Kind == FileKind.CharDevice && attributes.Rdev == 0;

    /// <summary>Whether an OCI whiteout for <paramref name="name"/> stands in <paramref name="dir"/>.</summary>
    public bool HasOciWhiteout(HostDirectory dir, string name)
    {
        if (foldCase && FoldedNames.Of(host, dir) is { } index) return index.HasWhiteout(name);
        return OciPrefix.Length + Encoding.UTF8.GetByteCount(name) <= 255 &&
            host.Stat(dir, OciPrefix + name, out _) == FsError.None;
    }

    /// <summary>Reads the opaque flag and redirect of an open directory, in either format.</summary>
    public DirectoryMarkers ReadDirectoryMarkers(HostDirectory dir)
    {
        bool opaque = host.Stat(dir, OciOpaque, out _) == FsError.None;
        string? redirect = null;
        var names = new List<string>();
        if (host.ListXattr(dir, null, names) == FsError.None && names.Count > 0)
        {
            Span<byte> value = stackalloc byte[16];
            foreach (var ns in XattrNamespaces)
            {
                if (!opaque && names.Contains(ns + "opaque") &&
                    host.GetXattr(dir, null, ns + "opaque", value, out int n) == FsError.None && n >= 1 && value[0] == (byte)'y')
                    opaque = true;
            }
            redirect = ReadRedirectXattr(dir, names);
        }
        redirect ??= ReadRedirectFile(dir);
        return redirect is null || IsValidRedirect(redirect)
            ? new DirectoryMarkers(opaque, redirect, null)
            : new DirectoryMarkers(opaque, null, redirect);
    }

    /// <summary>Creates a whiteout for <paramref name="name"/> in an upper directory, where nothing stands yet.</summary>
    public FsError CreateWhiteout(HostDirectory dir, string name) => Format == WhiteoutFormat.Oci
        ? CreateEmptyFile(dir, OciPrefix + name)
        : host.CreateNode(dir, name, (uint)FileKind.CharDevice, 0);

    /// <summary>
    /// Removes a whiteout for <paramref name="name"/> (either format) if one stands in the upper directory; folding,
    /// the whiteouts of every case variant go.
    /// </summary>
    public FsError RemoveWhiteout(HostDirectory dir, string name)
    {
        if (foldCase && FoldedNames.Of(host, dir) is { } index)
        {
            foreach (var spelling in index.WhiteoutsOf(name).ToArray())
            {
                var error = host.Remove(dir, OciPrefix + spelling, directory: false);
                if (error is not (FsError.None or FsError.NotFound)) return error;
            }
            name = index.Find(name) ?? name;
        }
        if (host.Stat(dir, name, out var attributes) == FsError.None && IsWhiteout(attributes))
        {
            var error = host.Remove(dir, name, directory: false);
            if (error != FsError.None) return error;
        }
        if (OciPrefix.Length + Encoding.UTF8.GetByteCount(name) > 255) return FsError.None;
        var removed = host.Remove(dir, OciPrefix + name, directory: false);
        return removed is FsError.None or FsError.NotFound ? FsError.None : removed;
    }

    /// <summary>Marks an upper directory (open as <paramref name="dir"/>) as hiding everything below it.</summary>
    public FsError MakeOpaque(HostDirectory dir) => Format == WhiteoutFormat.Oci
        ? CreateEmptyFile(dir, OciOpaque)
        : host.SetXattr(dir, null, _writePrefix + "opaque", "y"u8, 0);

    private FsError CreateEmptyFile(HostDirectory dir, string name)
    {
        var error = host.Open(dir, name, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Truncate, 0x1A4, out var file);
        file?.Dispose();
        return error;
    }
}
