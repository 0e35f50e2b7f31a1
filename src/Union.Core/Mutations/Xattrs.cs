// Extended attributes pass through to the layer holding the entry; setting or removing one copies it up.
// The engine's own (overlay.*, unionfs.*) never show and cannot be set through the view.
namespace Union.Core;

using Union.Core.Whiteouts;

public sealed partial class UnionFileSystem
{
    /// <summary>Reads an xattr; an empty <paramref name="value"/> asks for its size only.</summary>
    public FsError GetXattr(ulong id, string name, Span<byte> value, out int length)
    {
        length = 0;
        if (Markers.IsReservedXattr(name)) return FsError.NoData;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (node.Detached)
            {
                error = UnlinkedXattrs(node, out var file, reading: true);
                return error != FsError.None ? error : _host.GetXattr(file!.Handle, name, value, out length);
            }
            var (dir, entry) = XattrLocation(node);
            return _host.GetXattr(dir, entry, name, value, out length);
        }
    }

    public FsError ListXattr(ulong id, List<string> names)
    {
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (node.Detached) return ListUnlinkedXattrs(node, names);
            var (dir, entry) = XattrLocation(node);
            var all = new List<string>();
            error = _host.ListXattr(dir, entry, all);
            if (error != FsError.None) return error;
            foreach (var name in all)
                if (!Markers.IsReservedXattr(name)) names.Add(name);
            return FsError.None;
        }
    }

    public FsError SetXattr(ulong id, string name, ReadOnlySpan<byte> value, int flags)
    {
        var error = PrepareXattrChange(id, name, removing: false);
        if (error != FsError.None) return error;
        lock (_lock)
        {
            if (_nodes.TryGetValue(id, out var node) && node.Detached)
            {
                error = UnlinkedXattrs(node, out var file);
                return error != FsError.None ? error : _host.SetXattr(file!.Handle, name, value, flags);
            }
            error = XattrLocationInUpper(id, out var dir, out var entry);
            return error != FsError.None ? error : _host.SetXattr(dir!, entry, name, value, flags);
        }
    }

    public FsError RemoveXattr(ulong id, string name)
    {
        var error = PrepareXattrChange(id, name, removing: true);
        if (error != FsError.None) return error;
        lock (_lock)
        {
            if (_nodes.TryGetValue(id, out var node) && node.Detached)
            {
                error = UnlinkedXattrs(node, out var file);
                return error != FsError.None ? error : _host.RemoveXattr(file!.Handle, name);
            }
            error = XattrLocationInUpper(id, out var dir, out var entry);
            return error != FsError.None ? error : _host.RemoveXattr(dir!, entry, name);
        }
    }

    /// <summary>
    /// The refusals, then the copy-up (data copied outside the lock). As overlayfs does, removing an xattr the entry
    /// does not have answers ENODATA without copying anything up.
    /// </summary>
    private FsError PrepareXattrChange(ulong id, string name, bool removing)
    {
        if (Markers.IsReservedXattr(name)) return FsError.NotPermitted;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (_upper is null) return FsError.ReadOnly;
            if (removing && !node.InUpper && !node.Detached)
            {
                var (dir, entry) = XattrLocation(node);
                error = _host.GetXattr(dir, entry, name, Span<byte>.Empty, out _);
                if (error != FsError.None) return error;
            }
        }
        return CopyUpOutsideLock(id);
    }

    /// <summary>Where the node's xattrs live once it is in the upper (copying up its metadata if needed). Caller holds the lock.</summary>
    private FsError XattrLocationInUpper(ulong id, out Host.HostDirectory? dir, out string? entry)
    {
        (dir, entry) = (null, null);
        if (!TryGetNode(id, out var node, out var error)) return error;
        if (_upper is null) return FsError.ReadOnly;
        error = EnsureUpper(node);
        if (error != FsError.None) return error;
        (dir, entry) = XattrLocation(node);
        return FsError.None;
    }

    /// <summary>The host directory and name an xattr call takes (no name: the directory itself).</summary>
    private (Host.HostDirectory Dir, string? Entry) XattrLocation(Nodes.Node node)
    {
        var (dir, entry) = Location(node);
        return (dir, entry == "." ? null : entry);
    }
}
