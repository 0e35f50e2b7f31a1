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
            if (node.Detached) return FsError.NotFound;
            var (dir, entry) = Location(node);
            return _host.GetXattr(dir, entry == "." ? null : entry, name, value, out length);
        }
    }

    public FsError ListXattr(ulong id, List<string> names)
    {
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (node.Detached) return FsError.NotFound;
            var (dir, entry) = Location(node);
            var all = new List<string>();
            error = _host.ListXattr(dir, entry == "." ? null : entry, all);
            if (error != FsError.None) return error;
            foreach (var name in all)
                if (!Markers.IsReservedXattr(name)) names.Add(name);
            return FsError.None;
        }
    }

    public FsError SetXattr(ulong id, string name, ReadOnlySpan<byte> value, int flags)
    {
        if (Markers.IsReservedXattr(name)) return FsError.NotPermitted;
        var copyError = CopyUpOutsideLock(id);
        if (copyError != FsError.None) return copyError;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (_upper is null) return FsError.ReadOnly;
            error = EnsureUpper(node);
            if (error != FsError.None) return error;
            var (dir, entry) = Location(node);
            return _host.SetXattr(dir, entry == "." ? null : entry, name, value, flags);
        }
    }

    public FsError RemoveXattr(ulong id, string name)
    {
        if (Markers.IsReservedXattr(name)) return FsError.NotPermitted;
        var copyError = CopyUpOutsideLock(id);
        if (copyError != FsError.None) return copyError;
        lock (_lock)
        {
            if (!TryGetNode(id, out var node, out var error)) return error;
            if (_upper is null) return FsError.ReadOnly;
            error = EnsureUpper(node);
            if (error != FsError.None) return error;
            var (dir, entry) = Location(node);
            return _host.RemoveXattr(dir, entry == "." ? null : entry, name);
        }
    }
}
