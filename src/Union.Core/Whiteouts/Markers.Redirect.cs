// Directory redirects (overlayfs's redirect_dir): a renamed directory with lower content is copied up alone and
// records where its lower part lives, as a path from the layer roots ("/a/b"), or one name beside it (the kernel
// writes that for a rename within one directory). Two forms, one meaning:
//   overlay format: the xattr trusted.overlay.redirect (or user.overlay.redirect), which kernel overlayfs reads;
//   OCI format:     the file `.wh..wh..redirect` inside the directory, its content the same UTF-8 path, so an OCI
//                   upper needs no xattrs at all (the portable host, NTFS, copies and git that drop xattrs).
// Both are always read, the xattr first (it is what the kernel would see); writing one form removes the other.
// Every redirect is validated before anything follows it: only plain names, never "..", so none leaves a layer.
namespace Union.Core.Whiteouts;

using System.Text;
using Union.Core.Host;
using Union.Core.Paths;

internal sealed partial class Markers
{
    public const string OciRedirect = ".wh..wh..redirect";
    private static readonly string[] RedirectXattrs = ["trusted.overlay.redirect", "user.overlay.redirect"];
    /// <summary>PATH_MAX: the longest redirect read or written, as the kernel's limit on the xattr.</summary>
    private const int MaxRedirectBytes = 4096;
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>
    /// Whether a redirect is a plain path that stays inside a layer: absolute ("/a/b", at least one name) or one
    /// name; every name one that a lookup accepts and no marker name (so no "..", "", NUL or <c>.wh.</c>).
    /// </summary>
    public static bool IsValidRedirect(string redirect)
    {
        if (!redirect.StartsWith('/')) return IsPlainName(redirect);
        var names = redirect.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && Array.TrueForAll(names, IsPlainName);
    }

    private static bool IsPlainName(string name) =>
        NameRules.CheckLookup(name, windowsNames: false) == FsError.None && !IsReservedName(name);

    /// <summary>
    /// Records that a renamed upper directory takes its lower part from <paramref name="lowerPath"/>, in the
    /// configured format. The file is written under <paramref name="tempName"/> in <paramref name="scratch"/> (the
    /// work directory: same filesystem) and renamed in, so it is never seen half-written; <paramref name="durable"/>
    /// syncs its data first. NotSupported (no xattrs) and NameTooLong (past PATH_MAX): the caller answers EXDEV.
    /// </summary>
    public FsError SetRedirect(HostDirectory dir, string lowerPath, HostDirectory scratch, string tempName, bool durable)
    {
        var value = Encoding.UTF8.GetBytes(lowerPath);
        if (value.Length > MaxRedirectBytes) return FsError.NameTooLong;
        if (Format == WhiteoutFormat.Overlay)
        {
            var error = host.SetXattr(dir, null, _writePrefix + "redirect", value, 0);
            return error == FsError.None ? RemoveRedirectFile(dir) : error;
        }
        if (ReadRedirectFile(dir) != lowerPath)
        {
            var error = WriteRedirectFile(scratch, tempName, value, durable);
            if (error == FsError.None) error = host.Rename(scratch, tempName, dir, OciRedirect, RenameFlags.None);
            if (error != FsError.None)
            {
                host.Remove(scratch, tempName, directory: false);
                return error;
            }
        }
        RemoveRedirectXattrs(dir);
        return FsError.None;
    }

    /// <summary>
    /// Rewrites a directory's redirect in the configured format (what <c>union convert</c> does);
    /// <paramref name="converted"/> says whether it had one in the other form. The new form is complete before the
    /// old one goes; the xattr is read first, so a half-written file never counts while the xattr stands.
    /// </summary>
    public FsError ConvertRedirect(HostDirectory dir, out bool converted)
    {
        converted = false;
        if (Format == WhiteoutFormat.Overlay)
        {
            if (host.Stat(dir, OciRedirect, out _) != FsError.None) return FsError.None;
            var names = new List<string>();
            host.ListXattr(dir, null, names);
            if (ReadRedirectXattr(dir, names) is null)
            {
                var error = host.SetXattr(dir, null, _writePrefix + "redirect", Encoding.UTF8.GetBytes(ReadRedirectFile(dir) ?? ""), 0);
                if (error != FsError.None) return error;
            }
            converted = true;
            return RemoveRedirectFile(dir);
        }
        var listed = new List<string>();
        if (host.ListXattr(dir, null, listed) != FsError.None || ReadRedirectXattr(dir, listed) is not { } redirect)
            return FsError.None;
        var written = host.Open(dir, OciRedirect, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Truncate, 0x1A4, out var file);
        if (written != FsError.None) return written;
        using (file) written = WriteAll(file!, Encoding.UTF8.GetBytes(redirect));
        if (written != FsError.None) return written;
        converted = true;
        RemoveRedirectXattrs(dir);
        return FsError.None;
    }

    /// <summary>The redirect xattr among <paramref name="names"/> (trusted first), or null; unreadable as "" (invalid).</summary>
    private string? ReadRedirectXattr(HostDirectory dir, List<string> names)
    {
        Span<byte> value = stackalloc byte[MaxRedirectBytes];
        foreach (var attribute in RedirectXattrs)
        {
            if (!names.Contains(attribute)) continue;
            var error = host.GetXattr(dir, null, attribute, value, out int n);
            if (error == FsError.NoData) continue;
            return error == FsError.None ? Decode(value[..n]) : "";
        }
        return null;
    }

    /// <summary>The content of the marker file, or null when there is none; unreadable, too long or not a plain file as "" (invalid).</summary>
    private string? ReadRedirectFile(HostDirectory dir)
    {
        if (host.Stat(dir, OciRedirect, out var attributes) != FsError.None) return null;
        if (attributes.Kind != FileKind.Regular || attributes.Size > MaxRedirectBytes) return "";
        if (host.Open(dir, OciRedirect, OpenMode.ReadOnly, 0, out var file) != FsError.None) return "";
        Span<byte> buffer = stackalloc byte[MaxRedirectBytes + 1];
        int total = 0;
        using (file)
        {
            while (total < buffer.Length)
            {
                if (host.Read(file!, buffer[total..], total, out int read) != FsError.None) return "";
                if (read == 0) break;
                total += read;
            }
        }
        return total > MaxRedirectBytes ? "" : Decode(buffer[..total]);
    }

    private static string Decode(ReadOnlySpan<byte> value)
    {
        try { return StrictUtf8.GetString(value); }
        catch (DecoderFallbackException) { return ""; }
    }

    private FsError WriteRedirectFile(HostDirectory scratch, string tempName, byte[] value, bool durable)
    {
        var error = host.Open(scratch, tempName, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, 0x1A4, out var file);
        if (error != FsError.None) return error;
        using (file)
        {
            error = WriteAll(file!, value);
            return error == FsError.None && durable ? host.Sync(file!, dataOnly: true) : error;
        }
    }

    private FsError WriteAll(Microsoft.Win32.SafeHandles.SafeFileHandle file, ReadOnlySpan<byte> value)
    {
        for (int done = 0; done < value.Length;)
        {
            var error = host.Write(file, value[done..], done, out int written);
            if (error != FsError.None) return error;
            if (written == 0) return FsError.Io;
            done += written;
        }
        return FsError.None;
    }

    private FsError RemoveRedirectFile(HostDirectory dir)
    {
        var error = host.Remove(dir, OciRedirect, directory: false);
        return error == FsError.NotFound ? FsError.None : error;
    }

    /// <summary>Best effort: absent (NoData), no xattrs here, or trusted.* without privilege (then unseen too).</summary>
    private void RemoveRedirectXattrs(HostDirectory dir)
    {
        foreach (var attribute in RedirectXattrs) host.RemoveXattr(dir, null, attribute);
    }
}
