// The portable host: System.IO only, for Windows and anywhere LinuxHost is unavailable. A directory handle is the
// full path of a directory under a layer root; every name is checked to be one plain component, and nothing that is
// a symlink or reparse point is ever resolved through. Paths are re-checked at each call, so unlike LinuxHost's fds
// a concurrent outside change to a parent directory is not fenced off (layers must not change under a mount).
// Unsupported here: xattrs (so only OCI markers), device nodes, fifos, hard links, ownership, directory fsync.
namespace Union.Core.Host.Portable;

using Microsoft.Win32.SafeHandles;

public sealed partial class PortableHost : IHostFileSystem
{
    private readonly PathTable _table = new();

    /// <summary>Full path of <paramref name="name"/> in <paramref name="dir"/>; null names (and ".") the directory itself.</summary>
    private static string PathOf(HostDirectory dir, string? name) =>
        name is null or "." ? dir.Path : Path.Join(dir.Path, name);

    /// <summary>One plain component: nothing that could name another directory, a stream, or the parent.</summary>
    private static FsError Check(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('\0') || name.Contains('/') ||
            name.Contains(Path.DirectorySeparatorChar) || (OperatingSystem.IsWindows() && name.Contains(':')))
            return FsError.InvalidArgument;
        return FsError.None;
    }

    /// <summary>
    /// The entry as lstat sees it, or null when nothing is there (or it cannot be seen: the calls that need the entry
    /// then answer NotFound, and the engine never meets an exception from this host).
    /// </summary>
    private static FileSystemInfo? Entry(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var attributes = info.Attributes;
            if ((int)attributes == -1) return null;
            return (attributes & FileAttributes.Directory) != 0 && (attributes & FileAttributes.ReparsePoint) == 0
                ? new DirectoryInfo(path) : info;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    private static bool IsLink(FileSystemInfo info) => (info.Attributes & FileAttributes.ReparsePoint) != 0;

    private static FileKind KindOf(FileSystemInfo info) =>
        IsLink(info) ? FileKind.Symlink : info is DirectoryInfo ? FileKind.Directory : FileKind.Regular;

    private static FsError Fail(Exception e) => ErrorMapping.FromException(e);

    public FsError OpenRoot(string path, out HostDirectory? dir)
    {
        dir = null;
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!Directory.Exists(full)) return File.Exists(full) ? FsError.NotDirectory : FsError.NotFound;
        dir = _table.Open(full);
        return FsError.None;
    }

    public FsError OpenDirectory(HostDirectory parent, string name, out HostDirectory? dir)
    {
        dir = null;
        if (name == ".") { dir = _table.Open(parent.Path); return FsError.None; }
        var error = Check(name);
        if (error != FsError.None) return error;
        string path = PathOf(parent, name);
        var info = Entry(path);
        if (info is null) return FsError.NotFound;
        if (KindOf(info) != FileKind.Directory) return FsError.NotDirectory;  // never through a link (O_NOFOLLOW)
        dir = _table.Open(path);
        return FsError.None;
    }

    public FsError Stat(HostDirectory dir, string? name, out EntryAttributes attributes)
    {
        attributes = default;
        if (name is not null and not "." && Check(name) is var error && error != FsError.None) return error;
        string path = PathOf(dir, name);
        try
        {
            var info = Entry(path);
            if (info is null) return FsError.NotFound;
            attributes = Describe(info, _table.InodeOf(path));
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    private static EntryAttributes Describe(FileSystemInfo info, ulong inode)
    {
        var kind = KindOf(info);
        long size = kind == FileKind.Regular ? ((FileInfo)info).Length : kind == FileKind.Symlink ? (info.LinkTarget?.Length ?? 0) : 4096;
        return new EntryAttributes
        {
            Mode = (uint)kind | PermissionsOf(info, kind),
            Inode = inode,
            LinkCount = kind == FileKind.Directory ? 2u : 1u,
            Size = size,
            Blocks = (size + 511) / 512,
            BlockSize = 4096,
            AccessTime = Timestamp.FromDateTime(info.LastAccessTimeUtc),
            ModifyTime = Timestamp.FromDateTime(info.LastWriteTimeUtc),
            ChangeTime = Timestamp.FromDateTime(info.LastWriteTimeUtc),
            BirthTime = Timestamp.FromDateTime(info.CreationTimeUtc),
            WindowsAttributes = OperatingSystem.IsWindows() ? (uint)info.Attributes : 0,
        };
    }

    /// <summary>POSIX permission bits where the host has them; on Windows 0755/0644, less the write bits if read-only.</summary>
    private static uint PermissionsOf(FileSystemInfo info, FileKind kind)
    {
        if (kind == FileKind.Symlink) return 0x1FF;
        if (!OperatingSystem.IsWindows()) return (uint)info.UnixFileMode;
        uint mode = kind == FileKind.Directory ? 0x1EDu : 0x1A4u;
        return (info.Attributes & FileAttributes.ReadOnly) != 0 ? mode & ~0x92u : mode;
    }

    public FsError ReadDirectory(HostDirectory dir, List<HostEntry> into)
    {
        try
        {
            foreach (var info in new DirectoryInfo(dir.Path).EnumerateFileSystemInfos())
                into.Add(new HostEntry(info.Name, KindOf(info), _table.InodeOf(info.FullName)));
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    public FsError ReadLink(HostDirectory dir, string name, out string? target)
    {
        target = null;
        var error = Check(name);
        if (error != FsError.None) return error;
        var info = Entry(PathOf(dir, name));
        if (info is null) return FsError.NotFound;
        target = IsLink(info) ? info.LinkTarget : null;
        return target is null ? FsError.InvalidArgument : FsError.None;
    }

    /// <summary>Filesystems are told apart by volume root (the work directory must share the upper's).</summary>
    public ulong DeviceOf(HostDirectory dir) => _table.InodeOf("volume:" + Path.GetPathRoot(dir.Path));

    public FsError StatFs(HostDirectory dir, out FsStatistics statistics)
    {
        statistics = default;
        try
        {
            var drive = new DriveInfo(Path.GetPathRoot(dir.Path)!);
            const uint block = 4096;
            statistics = new FsStatistics
            {
                Blocks = (ulong)drive.TotalSize / block, BlocksFree = (ulong)drive.TotalFreeSpace / block,
                BlocksAvailable = (ulong)drive.AvailableFreeSpace / block, BlockSize = block, FragmentSize = block,
                MaxNameLength = 255,
            };
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return Fail(e); }
    }

    // No extended attributes through System.IO: the engine then reads and writes OCI markers only.
    public FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length)
    {
        length = 0;
        return FsError.NotSupported;
    }

    public FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags) => FsError.NotSupported;
    public FsError ListXattr(HostDirectory dir, string? name, List<string> into) => FsError.NotSupported;
    public FsError RemoveXattr(HostDirectory dir, string? name, string attribute) => FsError.NotSupported;
    public bool SupportsXattrs => false;
}
