// Names as Windows sees them. Linux layers may hold names Windows cannot express (':' '*' '?' '"' '<' '>' '|' '\',
// control characters, a trailing dot or space). Like Cygwin and WinFsp-FUSE, such characters are shown as
// U+F000 + c from the Private Use Area and mapped back on the way in, so the entry stays visible, openable,
// deletable and renamable from Windows. A Linux name that itself holds U+F0xx for one of those characters is
// therefore ambiguous and reaches the other spelling; such names are rare enough to accept that.
namespace Union.Windows;

internal static class WindowsNames
{
    private const char PrivateBase = '\uF000';

    // The longest component Windows accepts (MAX_PATH component limit of NTFS).
    public const int MaxComponentLength = 255;

    // The union's name for display: each character Windows forbids moves into the Private Use Area.
    public static string ToWindows(string name)
    {
        if (!NeedsMapping(name))
        {
            return name;
        }

        return string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                var trailing = i == source.Length - 1 && c is '.' or ' ';
                span[i] = IsForbidden(c) || trailing ? (char)(PrivateBase + c) : c;
            }
        });
    }

    // One component of an in-volume path back to the union's name; false for what is no name at all
    // ("", ".", "..", a stream suffix): the caller answers STATUS_OBJECT_NAME_INVALID.
    public static bool TryToUnion(ReadOnlySpan<char> component, out string name)
    {
        name = "";
        if (component.IsEmpty || component.Length > MaxComponentLength || component is "." or "..")
        {
            return false;
        }

        foreach (var c in component)
        {
            if (IsForbidden(c))
            {
                return false;
            }
        }

        if (component.IndexOfAnyInRange((char)(PrivateBase + 1), (char)(PrivateBase + 0x7F)) < 0)
        {
            name = component.ToString();
            return true;
        }

        name = string.Create(component.Length, component.ToString(), static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                var original = (char)(c - PrivateBase);
                var mapped = c > PrivateBase && c < PrivateBase + 0x80 &&
                    (IsForbidden(original) || (original is '.' or ' ' && i == source.Length - 1));
                span[i] = mapped ? original : c;
            }
        });
        return true;
    }

    // The whiteout formats own ".wh.*" (OCI markers); the engine refuses to create such names, and Windows
    // programs should hear "invalid name" for them rather than "invalid parameter".
    public static bool IsReservedByWhiteouts(string name) => name.StartsWith(".wh.", StringComparison.OrdinalIgnoreCase);

    private static bool NeedsMapping(string name)
    {
        foreach (var c in name)
        {
            if (IsForbidden(c))
            {
                return true;
            }
        }

        return name.Length > 0 && name[^1] is '.' or ' ';
    }

    private static bool IsForbidden(char c) => c < ' ' || c is ':' or '*' or '?' or '"' or '<' or '>' or '|' or '\\' or '/';
}
