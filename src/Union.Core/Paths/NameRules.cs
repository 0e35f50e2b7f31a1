// Which single path components the engine accepts: nothing that could escape a layer or forge a marker.
namespace Union.Core.Paths;

using System.Text;
using Union.Core.Whiteouts;

internal static class NameRules
{
    public const int MaxNameBytes = 255;

    /// <summary>Validates a name looked up in the view (reserved names simply do not exist there).</summary>
    public static FsError CheckLookup(string name, bool windowsNames)
    {
        if (name.Length == 0 || name == "." || name == ".." || name.Contains('/') || name.Contains('\0') ||
            (windowsNames && name.Contains('\\')))
            return FsError.InvalidArgument;
        return Encoding.UTF8.GetByteCount(name) > MaxNameBytes ? FsError.NameTooLong : FsError.None;
    }

    /// <summary>Validates a name to be created: also refuses names the whiteout formats reserve.</summary>
    public static FsError CheckCreate(string name, bool windowsNames)
    {
        var error = CheckLookup(name, windowsNames);
        if (error != FsError.None) return error;
        return Markers.IsReservedName(name) ? FsError.InvalidArgument : FsError.None;
    }
}
