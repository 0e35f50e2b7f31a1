// An open file of the union: the host handle in the layer that holds the data, and the node it belongs to.
namespace Union.Core;

using Microsoft.Win32.SafeHandles;
using Union.Core.Host;

/// <summary>
/// An open file. Reads and writes go straight to the host handle, outside the engine lock. A file opened
/// read-only on a lower layer keeps reading that layer even if another open copies it up (as overlayfs does).
/// </summary>
public sealed class OpenFile : IDisposable
{
    private readonly IHostFileSystem _host;
    private readonly Action<OpenFile> _onRelease;
    private int _released;

    internal OpenFile(IHostFileSystem host, ulong nodeId, SafeFileHandle handle, OpenMode mode, bool inUpper, Action<OpenFile> onRelease)
    {
        _host = host;
        NodeId = nodeId;
        Handle = handle;
        Mode = mode;
        InUpper = inUpper;
        _onRelease = onRelease;
    }

    public ulong NodeId { get; }
    /// <summary>The host handle (an fd on Linux) for passthrough registration; owned by this object.</summary>
    public SafeFileHandle Handle { get; }
    public OpenMode Mode { get; }
    /// <summary>Whether the data lives in the upper layer (it does for every open that can write).</summary>
    public bool InUpper { get; }

    public FsError Read(Span<byte> buffer, long offset, out int read) => _host.Read(Handle, buffer, offset, out read);

    public FsError Write(ReadOnlySpan<byte> buffer, long offset, out int written) =>
        _host.Write(Handle, buffer, offset, out written);

    public FsError GetAttributes(out EntryAttributes attributes) => _host.StatHandle(Handle, out attributes);

    /// <summary>copy_file_range into another open file (reflink or in-kernel copy where the host can); may copy less.</summary>
    public FsError CopyTo(long offset, OpenFile target, long targetOffset, long length, out long copied) =>
        _host.CopyFileRange(Handle, offset, target.Handle, targetOffset, length, out copied);

    public FsError Sync(bool dataOnly) => _host.Sync(Handle, dataOnly);

    public FsError Truncate(long size) => _host.Truncate(Handle, size);

    public FsError Allocate(int mode, long offset, long length) => _host.Allocate(Handle, mode, offset, length);

    public FsError Seek(long offset, int whence, out long result) => _host.Seek(Handle, offset, whence, out result);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0) return;
        Handle.Dispose();
        _onRelease(this);
    }
}
