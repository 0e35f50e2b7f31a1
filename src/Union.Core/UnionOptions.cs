// What a union is made of and how it writes: the layers, the whiteout format, case rules, durability.
namespace Union.Core;

/// <summary>The on-disk format the engine writes for whiteouts, opaque directories and redirects.</summary>
public enum WhiteoutFormat
{
    /// <summary>
    /// OCI/aufs: <c>.wh.NAME</c> files, <c>.wh..wh..opq</c> and <c>.wh..wh..redirect</c>; plain files only, so
    /// portable, unprivileged, NTFS-safe.
    /// </summary>
    Oci,
    /// <summary>Kernel overlayfs: 0/0 character devices and <c>overlay.opaque</c>/<c>overlay.redirect</c> xattrs; needs root for mknod.</summary>
    Overlay,
}

/// <summary>Configuration of a union: lowers top first, an optional upper with its work directory.</summary>
public sealed record UnionOptions
{
    /// <summary>Read-only layers, topmost first. At least one.</summary>
    public required IReadOnlyList<string> Lowers { get; init; }
    /// <summary>The writable layer; null makes the union read-only.</summary>
    public string? Upper { get; init; }
    /// <summary>Scratch directory on the upper's filesystem for atomic copy-up; required with an upper.</summary>
    public string? Work { get; init; }
    public WhiteoutFormat WhiteoutFormat { get; init; } = WhiteoutFormat.Oci;
    /// <summary>Fold case in lookups across layers (Windows semantics).</summary>
    public bool CaseInsensitive { get; init; }
    /// <summary>
    /// Use <c>user.overlay.*</c> xattrs for the engine's markers instead of <c>trusted.overlay.*</c>
    /// (kernel overlayfs's <c>userxattr</c>). Defaults to true unless running as root.
    /// </summary>
    public bool? UserXattrs { get; init; }
    /// <summary>Skip the fsyncs that make copy-up durable (overlayfs's <c>volatile</c>).</summary>
    public bool Volatile { get; init; }
}
