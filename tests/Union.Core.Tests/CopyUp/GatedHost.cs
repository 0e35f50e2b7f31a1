// A Linux host whose data copies the tests can count and hold, to make copy-up races deterministic.
namespace Union.Core.Tests.CopyUp;

using Microsoft.Win32.SafeHandles;
using Union.Core.Host;
using Union.Core.Host.Linux;

/// <summary>
/// Passes every call to <see cref="LinuxHost"/>. <see cref="CopyData"/> and <see cref="Stat"/> are counted; while <see cref="Hold"/> is
/// set, each copy announces itself on <see cref="CopyStarted"/> and waits for a <see cref="Proceed"/> release.
/// </summary>
internal sealed class GatedHost : IHostFileSystem
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly LinuxHost _inner = new();
    private int _copies;

    private int _stats;

    public int Copies => Volatile.Read(ref _copies);
    /// <summary>Stats by name or of a directory: what a lookup costs in syscalls.</summary>
    public int Stats { get => Volatile.Read(ref _stats); set => Volatile.Write(ref _stats, value); }
    public bool Hold { get; set; }
    public SemaphoreSlim CopyStarted { get; } = new(0);
    public SemaphoreSlim Proceed { get; } = new(0);

    /// <summary>Waits (bounded) until a held copy has started.</summary>
    public void AwaitCopyStarted() => Assert.True(CopyStarted.Wait(Bound), "no copy-up started");

    public FsError CopyFileRange(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, out long copied) =>
        _inner.CopyFileRange(source, sourceOffset, target, targetOffset, length, out copied);

    public FsError CopyData(SafeFileHandle source, SafeFileHandle target, long length)
    {
        Interlocked.Increment(ref _copies);
        if (Hold)
        {
            CopyStarted.Release();
            if (!Proceed.Wait(Bound)) return FsError.Io;
        }
        return _inner.CopyData(source, target, length);
    }

    public FsError OpenRoot(string path, out HostDirectory? dir) => _inner.OpenRoot(path, out dir);
    public FsError OpenDirectory(HostDirectory parent, string name, out HostDirectory? dir) => _inner.OpenDirectory(parent, name, out dir);
    public FsError Stat(HostDirectory dir, string? name, out EntryAttributes attributes)
    {
        Interlocked.Increment(ref _stats);
        return _inner.Stat(dir, name, out attributes);
    }
    public FsError ReadDirectory(HostDirectory dir, List<HostEntry> into) => _inner.ReadDirectory(dir, into);
    public FsError Open(HostDirectory dir, string name, OpenMode mode, uint createMode, out SafeFileHandle? file) =>
        _inner.Open(dir, name, mode, createMode, out file);
    public FsError CreateDirectory(HostDirectory dir, string name, uint mode) => _inner.CreateDirectory(dir, name, mode);
    public FsError CreateNode(HostDirectory dir, string name, uint mode, ulong rdev) => _inner.CreateNode(dir, name, mode, rdev);
    public FsError CreateSymlink(HostDirectory dir, string name, string target) => _inner.CreateSymlink(dir, name, target);
    public FsError ReadLink(HostDirectory dir, string name, out string? target) => _inner.ReadLink(dir, name, out target);
    public FsError Link(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName) =>
        _inner.Link(fromDir, fromName, toDir, toName);
    public FsError Remove(HostDirectory dir, string name, bool directory) => _inner.Remove(dir, name, directory);
    public FsError Rename(HostDirectory fromDir, string fromName, HostDirectory toDir, string toName, RenameFlags flags) =>
        _inner.Rename(fromDir, fromName, toDir, toName, flags);
    public FsError SetMode(HostDirectory dir, string name, uint mode) => _inner.SetMode(dir, name, mode);
    public FsError SetOwner(HostDirectory dir, string name, uint? uid, uint? gid) => _inner.SetOwner(dir, name, uid, gid);
    public FsError SetTimes(HostDirectory dir, string? name, TimeChange? access, TimeChange? modify) =>
        _inner.SetTimes(dir, name, access, modify);
    public FsError Truncate(SafeFileHandle file, long size) => _inner.Truncate(file, size);
    public FsError StatHandle(SafeFileHandle file, out EntryAttributes attributes) => _inner.StatHandle(file, out attributes);
    public FsError Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read) => _inner.Read(file, buffer, offset, out read);
    public FsError Write(SafeFileHandle file, ReadOnlySpan<byte> buffer, long offset, out int written) =>
        _inner.Write(file, buffer, offset, out written);
    public FsError Allocate(SafeFileHandle file, int mode, long offset, long length) => _inner.Allocate(file, mode, offset, length);
    public FsError Seek(SafeFileHandle file, long offset, int whence, out long result) => _inner.Seek(file, offset, whence, out result);
    public FsError GetXattr(HostDirectory dir, string? name, string attribute, Span<byte> value, out int length) =>
        _inner.GetXattr(dir, name, attribute, value, out length);
    public FsError SetXattr(HostDirectory dir, string? name, string attribute, ReadOnlySpan<byte> value, int flags) =>
        _inner.SetXattr(dir, name, attribute, value, flags);
    public FsError ListXattr(HostDirectory dir, string? name, List<string> into) => _inner.ListXattr(dir, name, into);
    public FsError RemoveXattr(HostDirectory dir, string? name, string attribute) => _inner.RemoveXattr(dir, name, attribute);
    public FsError StatFs(HostDirectory dir, out FsStatistics statistics) => _inner.StatFs(dir, out statistics);
    public FsError Sync(SafeFileHandle file, bool dataOnly) => _inner.Sync(file, dataOnly);
    public FsError SyncDirectory(HostDirectory dir) => _inner.SyncDirectory(dir);
    public ulong DeviceOf(HostDirectory dir) => _inner.DeviceOf(dir);
    public FsError SetWindowsAttributes(HostDirectory dir, string? name, uint attributes, Timestamp creationTime) =>
        _inner.SetWindowsAttributes(dir, name, attributes, creationTime);
    public bool SupportsXattrs => _inner.SupportsXattrs;

    public FsError OpenUnnamed(HostDirectory dir, OpenMode mode, uint createMode, out SafeFileHandle? file) =>
        _inner.OpenUnnamed(dir, mode, createMode, out file);
    public FsError Link(SafeFileHandle file, HostDirectory toDir, string toName) => _inner.Link(file, toDir, toName);
    public FsError SetAttributes(SafeFileHandle file, uint? mode, uint? uid, uint? gid, TimeChange? access, TimeChange? modify) =>
        _inner.SetAttributes(file, mode, uid, gid, access, modify);
    public FsError GetXattr(SafeFileHandle file, string attribute, Span<byte> value, out int length) => _inner.GetXattr(file, attribute, value, out length);
    public FsError SetXattr(SafeFileHandle file, string attribute, ReadOnlySpan<byte> value, int flags) => _inner.SetXattr(file, attribute, value, flags);
    public FsError ListXattr(SafeFileHandle file, List<string> into) => _inner.ListXattr(file, into);
    public FsError RemoveXattr(SafeFileHandle file, string attribute) => _inner.RemoveXattr(file, attribute);
}
