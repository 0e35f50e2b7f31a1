// How a Windows mount point is written: a drive letter ("X:", "x:\") or an empty NTFS folder.
namespace Union.Windows;

public static class WindowsMountPoint
{
    // "x:" and "X:\" both mean drive X; a folder keeps its full path without a trailing separator.
    public static string Normalize(string mountPoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPoint);
        return IsDriveLetter(mountPoint)
            ? $"{char.ToUpperInvariant(mountPoint[0])}:\\"
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(mountPoint));
    }

    public static bool IsDriveLetter(string mountPoint) =>
        mountPoint.Length is 2 or 3 && char.IsAsciiLetter(mountPoint[0]) && mountPoint[1] == ':' &&
        (mountPoint.Length == 2 || mountPoint[2] is '\\' or '/');
}
