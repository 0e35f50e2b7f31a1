// Opening files: any open that can write copies the file up first, so the returned handle never points into a
// lower layer when it can change the file (this is also what makes FUSE passthrough safe).
namespace Union.Core;

using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    public FsError Open(ulong id, OpenMode mode, out OpenFile? file)
    {
        file = null;
        // The data copy of a write open runs before the lock is taken; O_TRUNC copies no data, so it stays locked.
        if (mode.CanWrite() && (mode & OpenMode.Truncate) == 0)
        {
            var copyError = CopyUpOutsideLock(id);
            if (copyError != FsError.None) return copyError;
        }
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (node.IsDirectory) return mode.CanWrite() ? FsError.IsDirectory : FsError.InvalidArgument;
            if (node.Kind != FileKind.Regular) return FsError.NoDeviceOrAddress;
            if (node.Detached) return FsError.NotFound;
            bool write = mode.CanWrite();
            if (write)
            {
                if (_upper is null) return FsError.ReadOnly;
                // O_TRUNC on a lower file: copy the metadata only, the data would be thrown away.
                error = EnsureUpper(node, withData: (mode & OpenMode.Truncate) == 0);
                if (error != FsError.None) return error;
            }
            var hostMode = mode & ~(OpenMode.Create | OpenMode.Exclusive | OpenMode.NoCtty);
            if (!node.InUpper) hostMode &= ~OpenMode.Truncate;
            error = _host.Open(node.ParentDirIn(node.Layer), node.Name, hostMode, 0, out var handle);
            if (error != FsError.None) return error;
            node.OpenCount++;
            file = new OpenFile(_host, id, handle!, mode, node.InUpper, ReleaseFile);
            (node.OpenFiles ??= []).Add(file);
            return FsError.None;
        }
    }

    private void ReleaseFile(OpenFile file)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(file.NodeId, out var node)) return;
            node.OpenCount--;
            node.OpenFiles?.Remove(file);
            TryEvict(node);
        }
    }

    public FsError ReadLink(ulong id, out string? target)
    {
        target = null;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (node.Kind != FileKind.Symlink) return FsError.InvalidArgument;
            return _host.ReadLink(node.ParentDirIn(node.Layer), node.Name, out target);
        }
    }

    /// <summary>Keeps a directory node alive while it is open (readdir snapshots are taken by the caller).</summary>
    public FsError OpenDirectory(ulong id)
    {
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (!node.IsDirectory) return FsError.NotDirectory;
            node.OpenCount++;
            return FsError.None;
        }
    }

    public void ReleaseDirectory(ulong id)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(id, out var node)) return;
            node.OpenCount--;
            TryEvict(node);
        }
    }

    /// <summary>The host directory and name that address a node in its current layer ("." for a directory).</summary>
    private (Host.HostDirectory Dir, string Name) Location(Node node) =>
        node.IsDirectory ? (node.UpperDir ?? node.LowerDirs[0].Dir, ".") : (node.ParentDirIn(node.Layer), node.Name);
}
