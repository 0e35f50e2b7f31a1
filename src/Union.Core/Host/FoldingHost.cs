// The host as a case-insensitive union sees it: every call passes through, and each one that adds or removes a name
// also updates that directory's folded index (if one was built), so the index can never miss an engine change.
namespace Union.Core.Host;

using Microsoft.Win32.SafeHandles;

internal sealed class FoldingHost(IHostFileSystem inner) : IHostFileSystem
{
    private static FsError Added(FsError error, HostDirectory dir, string name)
    {
        if (error == FsError.None) dir.Folded?.Added(name);
        return error;
    }

    public FsError Open(HostDirectory dir, string name, OpenMode mode, uint createMode, out SafeFileHandle? file)
    {
        var error = inner.Open(dir, name, mode, createMode, out file);
        return (mode & OpenMode.Create) != 0 ? Added(error, dir, name) : error;
    }

    public FsError CreateDirectory(HostDirectory dir, string name, uint mode) =>
        Added(inner.CreateDirectory(dir, name, mode), dir, name);

    public FsError CreateNode(HostDirectory dir, string name, uint mode, ulong rdev) =>
        Added(inner.CreateNode(dir, name, mode, rdev), dir, name);

    public FsError CreateSymlink(HostDirectory dir, string name, string target) =>
        Added(inner.CreateSymlink(dir, name, target), dir, name);

    public FsError Link(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName) =>
        Added(inner.Link(fromDir, fromName, toDir, toName), toDir, toName);

    public FsError Remove(HostDirectory dir, string name, bool directory)
    {
        var error = inner.Remove(dir, name, directory);
        if (error == FsError.None) dir.Folded?.Removed(name);
        return error;
    }

    public FsError Rename(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName, RenameFlags flags)
    {
        var error = inner.Rename(fromDir, fromName, toDir, toName, flags);
        if (error != FsError.None || (flags & RenameFlags.Exchange) != 0) return error;  // an exchange keeps both names
        // RENAME_WHITEOUT leaves a whiteout under the old name, and so does rename(2) between two hard links of one
        // inode, which changes nothing at all.
        if ((flags & RenameFlags.Whiteout) == 0 && fromDir.Folded is { } from && inner.Stat(fromDir, fromName, out _) == FsError.NotFound)
            from.Removed(fromName);
        toDir.Folded?.Added(toName);
        return FsError.None;
    }

    // Everything else changes no names.
    public FsError OpenRoot(string path, out HostDirectory? dir) => inner.OpenRoot(path, out dir);
    public FsError OpenDirectory(HostDirectory parent, string name, out HostDirectory? dir) => inner.OpenDirectory(parent, name, out dir);
    public FsError Stat(HostDirectory dir, string? name, out EntryAttributes attributes) => inner.Stat(dir, name, out attributes);
    public FsError ReadDirectory(HostDirectory dir, List<HostEntry> into) => inner.ReadDirectory(dir, into);
    public FsError ReadLink(HostDirectory dir, string name, out string? target) => inner.ReadLink(dir, name, out target);
    public FsError SetMode(HostDirectory dir, string name, uint mode) => inner.SetMode(dir, name, mode);
    public FsError SetOwner(HostDirectory dir, string name, uint? uid, uint? gid) => inner.SetOwner(dir, name, uid, gid);
    public FsError SetTimes(HostDirectory dir, string? name, TimeChange? access, TimeChange? modify) => inner.SetTimes(dir, name, access, modify);
    public FsError Truncate(SafeFileHandle file, long size) => inner.Truncate(file, size);
    public FsError StatHandle(SafeFileHandle file, out EntryAttributes attributes) => inner.StatHandle(file, out attributes);
    public FsError Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read) => inner.Read(file, buffer, offset, out read);
    public FsError Write(SafeFileHandle file, ReadOnlySpan<byte> buffer, long offset, out int written) => inner.Write(file, buffer, offset, out written);
    public FsError Allocate(SafeFileHandle file, int mode, long offset, long length) => inner.Allocate(file, mode, offset, length);
    public FsError Seek(SafeFileHandle file, long offset, int whence, out long result) => inner.Seek(file, offset, whence, out result);
    public FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length) => inner.GetXattr(dir, name, attribute, value, out length);
    public FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags) => inner.SetXattr(dir, name, attribute, value, flags);
    public FsError ListXattr(HostDirectory dir, string? name, List<string> into) => inner.ListXattr(dir, name, into);
    public FsError RemoveXattr(HostDirectory dir, string? name, string attribute) => inner.RemoveXattr(dir, name, attribute);
    public FsError StatFs(HostDirectory dir, out FsStatistics statistics) => inner.StatFs(dir, out statistics);
    public FsError CopyData(SafeFileHandle source, SafeFileHandle target, long length) => inner.CopyData(source, target, length);
    public FsError CopyFileRange(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, out long copied) =>
        inner.CopyFileRange(source, sourceOffset, target, targetOffset, length, out copied);
    public FsError Sync(SafeFileHandle file, bool dataOnly) => inner.Sync(file, dataOnly);
    public FsError SyncDirectory(HostDirectory dir) => inner.SyncDirectory(dir);
    public ulong DeviceOf(HostDirectory dir) => inner.DeviceOf(dir);
    public FsError SetWindowsAttributes(HostDirectory dir, string? name, uint attributes, Timestamp creationTime) =>
        inner.SetWindowsAttributes(dir, name, attributes, creationTime);
    public bool SupportsXattrs => inner.SupportsXattrs;

    public FsError OpenUnnamed(HostDirectory dir, OpenMode mode, uint createMode, out SafeFileHandle? file) =>
        inner.OpenUnnamed(dir, mode, createMode, out file);
    public FsError Link(SafeFileHandle file, HostDirectory toDir, string toName) => Added(inner.Link(file, toDir, toName), toDir, toName);
    public FsError SetAttributes(SafeFileHandle file, uint? mode, uint? uid, uint? gid, TimeChange? access, TimeChange? modify) =>
        inner.SetAttributes(file, mode, uid, gid, access, modify);
    public FsError GetXattr(SafeFileHandle file, string attribute, Span<byte> value, out int length) => inner.GetXattr(file, attribute, value, out length);
    public FsError SetXattr(SafeFileHandle file, string attribute, ReadOnlySpan<byte> value, int flags) => inner.SetXattr(file, attribute, value, flags);
    public FsError ListXattr(SafeFileHandle file, List<string> into) => inner.ListXattr(file, into);
    public FsError RemoveXattr(SafeFileHandle file, string attribute) => inner.RemoveXattr(file, attribute);
}
