// Every host access the engine makes, relative to an open layer directory and never following a symlink.
namespace Union.Core.Host;

using Microsoft.Win32.SafeHandles;

/// <summary>
/// The engine's only door to the host filesystem. Each call names one entry by (directory, single component);
/// the implementation must never follow a symlink in that component, so nothing resolves outside a layer root.
/// </summary>
public interface IHostFileSystem
{
    FsError OpenRoot(string path, out HostDirectory? dir);
    FsError OpenDirectory(HostDirectory parent, string name, out HostDirectory? dir);
    /// <summary>lstat of <paramref name="name"/> in <paramref name="dir"/>; a null name stats the directory itself.</summary>
    FsError Stat(HostDirectory dir, string? name, out EntryAttributes attributes);
    FsError ReadDirectory(HostDirectory dir, List<HostEntry> into);
    FsError Open(HostDirectory dir, string name, OpenMode mode, uint createMode, out SafeFileHandle? file);
    FsError CreateDirectory(HostDirectory dir, string name, uint mode);
    FsError CreateNode(HostDirectory dir, string name, uint mode, ulong rdev);
    FsError CreateSymlink(HostDirectory dir, string name, string target);
    FsError ReadLink(HostDirectory dir, string name, out string? target);
    FsError Link(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName);
    FsError Remove(HostDirectory dir, string name, bool directory);
    FsError Rename(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName, RenameFlags flags);
    FsError SetMode(HostDirectory dir, string name, uint mode);
    FsError SetOwner(HostDirectory dir, string name, uint? uid, uint? gid);
    FsError SetTimes(HostDirectory dir, string? name, TimeChange? access, TimeChange? modify);
    FsError Truncate(SafeFileHandle file, long size);
    FsError StatHandle(SafeFileHandle file, out EntryAttributes attributes);
    FsError Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read);
    FsError Write(SafeFileHandle file, ReadOnlySpan<byte> buffer, long offset, out int written);
    FsError Allocate(SafeFileHandle file, int mode, long offset, long length);
    /// <summary>lseek with SEEK_DATA/SEEK_HOLE (and SET/CUR/END) semantics.</summary>
    FsError Seek(SafeFileHandle file, long offset, int whence, out long result);
    /// <summary>Reads an xattr; returns OutOfRange when <paramref name="value"/> is too small, NoData when absent.</summary>
    FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length);
    FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags);
    FsError ListXattr(HostDirectory dir, string? name, List<string> into);
    FsError RemoveXattr(HostDirectory dir, string? name, string attribute);
    FsError StatFs(HostDirectory dir, out FsStatistics statistics);
    /// <summary>Copies <paramref name="length"/> bytes, keeping holes: reflink, then in-kernel copy, then a loop.</summary>
    FsError CopyData(SafeFileHandle source, SafeFileHandle target, long length);
    /// <summary>
    /// copy_file_range(2) between two open files: reflink or in-kernel copy where the host can, else one buffer's
    /// worth through memory. <paramref name="copied"/> may fall short of <paramref name="length"/>; 0 is end of file.
    /// </summary>
    FsError CopyFileRange(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, out long copied);
    FsError Sync(SafeFileHandle file, bool dataOnly);
    FsError SyncDirectory(HostDirectory dir);
    /// <summary>Device id of the filesystem holding the directory (to check that work and upper share one).</summary>
    ulong DeviceOf(HostDirectory dir);
    /// <summary>Sets Windows FILE_ATTRIBUTE_* bits and the creation time (copy-up keeps them); NotSupported off Windows.</summary>
    FsError SetWindowsAttributes(HostDirectory dir, string? name, uint attributes, Timestamp creationTime);
    /// <summary>Whether the host has xattrs and device nodes, which the kernel overlay marker format needs.</summary>
    bool SupportsXattrs { get; }

    // An open file may have no name (made unnamed, or unlinked while open): these reach it through the handle
    // itself. A host that cannot leaves them NotSupported: O_TMPFILE is then refused, and an unlinked file ENOENT.

    /// <summary>An unnamed file in <paramref name="dir"/> (O_TMPFILE), open as asked; linkable unless Exclusive.</summary>
    FsError OpenUnnamed(HostDirectory dir, OpenMode mode, uint createMode, out SafeFileHandle? file)
    {
        file = null;
        return FsError.NotSupported;
    }

    /// <summary>Gives an open file a name (linkat); the host refuses one unlinked, or made unnamed and Exclusive.</summary>
    FsError Link(SafeFileHandle file, HostDirectory toDir, string toName) => FsError.NotSupported;

    /// <summary>fchown, fchmod and futimens of an open file; a null leaves that attribute alone.</summary>
    FsError SetAttributes(SafeFileHandle file, uint? mode, uint? uid, uint? gid, TimeChange? access, TimeChange? modify) =>
        FsError.NotSupported;

    FsError GetXattr(SafeFileHandle file, string attribute, Span<byte> value, out int length)
    {
        length = 0;
        return FsError.NotSupported;
    }

    FsError SetXattr(SafeFileHandle file, string attribute, ReadOnlySpan<byte> value, int flags) => FsError.NotSupported;
    FsError ListXattr(SafeFileHandle file, List<string> into) => FsError.NotSupported;
    FsError RemoveXattr(SafeFileHandle file, string attribute) => FsError.NotSupported;
}
