// Making, removing and renaming entries on the portable host, and their metadata. Existence is checked before each
// change (the engine lock serialises the engine's own changes); RENAME_EXCHANGE has no System.IO form and is done
// as three renames through a temp name, and a directory replacing an empty one (or anything replacing a symlink) as
// delete-then-move: atomic to the engine's callers (who hold its lock) but not across a crash.
namespace Union.Core.Host.Portable;

public sealed partial class PortableHost
{
    private long _exchangeCounter;

    public FsError CreateDirectory(HostDirectory dir, string name, uint mode)
    {
        var error = Check(name);
        if (error != FsError.None) return error;
        string path = PathOf(dir, name);
        if (Entry(path) is not null) return FsError.Exists;
        try
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
            else Directory.CreateDirectory(path, (UnixFileMode)(mode & 0xFFF));
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>mknod: only regular files; fifos, sockets and devices have no System.IO form.</summary>
    public FsError CreateNode(HostDirectory dir, string name, uint mode, ulong rdev)
    {
        if ((FileKind)(mode & 0xF000) is not (FileKind.None or FileKind.Regular)) return FsError.NotSupported;
        var error = Open(dir, name, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, mode & 0xFFF, out var file);
        file?.Dispose();
        return error;
    }

    public FsError CreateSymlink(HostDirectory dir, string name, string target)
    {
        var error = Check(name);
        if (error != FsError.None) return error;
        string path = PathOf(dir, name);
        if (Entry(path) is not null) return FsError.Exists;
        try { File.CreateSymbolicLink(path, target); return FsError.None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>System.IO has no hard links.</summary>
    public FsError Link(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName) => FsError.NotSupported;

    public FsError Remove(HostDirectory dir, string name, bool directory)
    {
        var error = Check(name);
        if (error != FsError.None) return error;
        string path = PathOf(dir, name);
        var info = Entry(path);
        if (info is null) return FsError.NotFound;
        bool isDirectory = KindOf(info) == FileKind.Directory;
        if (directory != isDirectory) return directory ? FsError.NotDirectory : FsError.IsDirectory;
        try
        {
            if (isDirectory)
            {
                if (Directory.EnumerateFileSystemEntries(path).Any()) return FsError.NotEmpty;
                Directory.Delete(path);
            }
            else File.Delete(path);  // a link itself, never its target
            _table.Removed(path);
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    public FsError Rename(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName, RenameFlags flags)
    {
        if ((flags & RenameFlags.Whiteout) != 0) return FsError.InvalidArgument;  // no whiteout devices here
        var error = Check(fromName);
        if (error == FsError.None) error = Check(toName);
        if (error != FsError.None) return error;
        string from = PathOf(fromDir, fromName), to = PathOf(toDir, toName);
        if ((flags & RenameFlags.Exchange) != 0) return Exchange(fromDir, fromName, from, to);
        var source = Entry(from);
        if (source is null) return FsError.NotFound;
        var target = SameEntry(from, to) ? null : Entry(to);
        if (target is not null && (flags & RenameFlags.NoReplace) != 0) return FsError.Exists;
        return Move(from, source, to, target);
    }

    /// <summary>rename(2) semantics: a directory replaces only an empty directory, a file never a directory.</summary>
    private FsError Move(string from, FileSystemInfo source, string to, FileSystemInfo? target)
    {
        bool sourceIsDirectory = KindOf(source) == FileKind.Directory;
        try
        {
            if (target is not null)
            {
                bool targetIsDirectory = KindOf(target) == FileKind.Directory;
                if (sourceIsDirectory && !targetIsDirectory) return FsError.NotDirectory;
                if (!sourceIsDirectory && targetIsDirectory) return FsError.IsDirectory;
                if (targetIsDirectory)
                {
                    if (Directory.EnumerateFileSystemEntries(to).Any()) return FsError.NotEmpty;
                    Directory.Delete(to);
                    _table.Removed(to);
                }
            }
            // System.IO looks through links: a link to a directory moves with Directory.Move, which never replaces,
            // and File.Move will not replace a link to a directory. So what such a move replaces goes first.
            bool asDirectory = (source.Attributes & FileAttributes.Directory) != 0;
            if (target is not null && (IsLink(target) || (asDirectory && !sourceIsDirectory))) { File.Delete(to); _table.Removed(to); }
            if (asDirectory) Directory.Move(from, to);
            else File.Move(from, to, overwrite: true);
            _table.Renamed(from, to);
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    private FsError Exchange(HostDirectory fromDir, string fromName, string from, string to)
    {
        var source = Entry(from);
        var target = Entry(to);
        if (source is null || target is null) return FsError.NotFound;
        string parked = PathOf(fromDir, $"{fromName}.#x{Interlocked.Increment(ref _exchangeCounter):x}");
        var error = Move(from, source, parked, null);
        if (error != FsError.None) return error;
        error = Move(to, target, from, null);
        if (error != FsError.None) { Move(parked, Entry(parked)!, from, null); return error; }
        return Move(parked, Entry(parked)!, to, null);
    }

    /// <summary>A case-only rename on a case-insensitive host names one entry twice.</summary>
    private static bool SameEntry(string a, string b) =>
        OperatingSystem.IsWindows() && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>A name for a metadata change: one checked component, or null/"." for the directory itself.</summary>
    private static FsError Target(HostDirectory dir, string? name, out string path)
    {
        path = PathOf(dir, name);
        return name is null or "." ? FsError.None : Check(name);
    }

    public FsError SetMode(HostDirectory dir, string name, uint mode)
    {
        if (Target(dir, name, out var path) is var error && error != FsError.None) return error;
        var info = Entry(path);
        if (info is null) return FsError.NotFound;
        if (IsLink(info)) return FsError.NotSupported;  // as fchmodat(AT_SYMLINK_NOFOLLOW) on Linux
        try
        {
            if (!OperatingSystem.IsWindows()) { File.SetUnixFileMode(path, (UnixFileMode)(mode & 0xFFF)); return FsError.None; }
            // Windows keeps one permission bit: no owner write means read-only.
            info.Attributes = (mode & 0x80) == 0 ? info.Attributes | FileAttributes.ReadOnly : info.Attributes & ~FileAttributes.ReadOnly;
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>System.IO cannot change owners.</summary>
    public FsError SetOwner(HostDirectory dir, string name, uint? uid, uint? gid) => FsError.NotSupported;

    /// <summary>Times of a symlink itself cannot be set through System.IO (it would follow the link): NotSupported.</summary>
    public FsError SetTimes(HostDirectory dir, string? name, TimeChange? access, TimeChange? modify)
    {
        if (Target(dir, name, out var path) is var error && error != FsError.None) return error;
        var info = Entry(path);
        if (info is null) return FsError.NotFound;
        if (IsLink(info)) return FsError.NotSupported;
        try
        {
            if (access is { } a) info.LastAccessTimeUtc = a.Now ? DateTime.UtcNow : a.Value.ToDateTime();
            if (modify is { } m) info.LastWriteTimeUtc = m.Now ? DateTime.UtcNow : m.Value.ToDateTime();
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException) { return Fail(e); }
    }

    public FsError SetWindowsAttributes(HostDirectory dir, string? name, uint attributes, Timestamp creationTime)
    {
        if (!OperatingSystem.IsWindows()) return FsError.NotSupported;
        if (Target(dir, name, out var path) is var error && error != FsError.None) return error;
        var info = Entry(path);
        if (info is null) return FsError.NotFound;
        if (IsLink(info)) return FsError.NotSupported;
        try
        {
            info.CreationTimeUtc = creationTime.ToDateTime();
            // Directory and reparse bits describe the entry; they are not settable.
            const FileAttributes fixedBits = FileAttributes.Directory | FileAttributes.ReparsePoint;
            info.Attributes = ((FileAttributes)attributes & ~fixedBits) | (info.Attributes & fixedBits);
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { return Fail(e); }
    }
}
