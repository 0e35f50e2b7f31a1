// Building the copy of a file in the work directory: capture the source under the engine lock, then create the
// temp, copy data (holes stay holes), owner, xattrs, mode, times and origin, and sync; the build touches only the
// work directory and handles, so it may run without the lock. Placing the temp under its real name is the caller's.
namespace Union.Core;

using Microsoft.Win32.SafeHandles;
using Union.Core.CopyUp;
using Union.Core.Host;
using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    /// <summary>Reads what the copy needs from where the node lives now. Caller holds the engine lock.</summary>
    private FsError CaptureSource(Node node, bool withData, out CopySource? source)
    {
        source = null;
        var dir = node.ParentDirIn(node.Layer);
        var error = _host.Stat(dir, node.Name, out var attributes);
        if (error != FsError.None) return error;
        SafeFileHandle? data = null;
        string? target = null;
        if (attributes.Kind == FileKind.Regular && withData && attributes.Size > 0)
            error = _host.Open(dir, node.Name, OpenMode.ReadOnly, 0, out data);
        else if (attributes.Kind == FileKind.Symlink)
            error = _host.ReadLink(dir, node.Name, out target);
        if (error != FsError.None) return error;
        source = new CopySource { Attributes = attributes, Data = data, LinkTarget = target, Ino = node.Ino };
        ReadXattrs(dir, node.Name, source.Xattrs);
        return FsError.None;
    }

    private void ReadXattrs(HostDirectory dir, string name, List<(string, byte[])> into)
    {
        var names = new List<string>();
        if (_host.ListXattr(dir, name, names) != FsError.None || names.Count == 0) return;
        var value = new byte[64 * 1024];
        foreach (var attribute in names)
            if (!Whiteouts.Markers.IsReservedXattr(attribute) &&
                _host.GetXattr(dir, name, attribute, value, out int length) == FsError.None)
                into.Add((attribute, value.AsSpan(0, length).ToArray()));
    }

    /// <summary>Creates <paramref name="temp"/> in the work directory as a full copy; removes it on failure.</summary>
    private FsError BuildCopy(CopySource source, string temp)
    {
        var error = CreateCopy(source, temp);
        if (error == FsError.None) error = ApplyMetadata(source, temp);
        if (error != FsError.None) _host.Remove(_work!, temp, directory: false);
        return error;
    }

    private FsError CreateCopy(CopySource source, string temp)
    {
        var attributes = source.Attributes;
        switch (attributes.Kind)
        {
            case FileKind.Regular:
                var error = _host.Open(_work!, temp, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, 0x180, out var target);
                if (error != FsError.None) return error;
                using (target)
                {
                    if (source.Data is null) return FsError.None;
                    error = _host.CopyData(source.Data, target!, attributes.Size);
                    // Data reaches the disk before the rename makes it visible, as the kernel's copy-up does.
                    return error != FsError.None || Options.Volatile ? error : _host.Sync(target!, dataOnly: true);
                }
            case FileKind.Symlink:
                return _host.CreateSymlink(_work!, temp, source.LinkTarget!);
            default:
                return _host.CreateNode(_work!, temp, attributes.Mode, attributes.Rdev);
        }
    }

    /// <summary>Owner, xattrs, mode, times, origin: after the data, in that order (writes and chown clear setuid bits and caps).</summary>
    private FsError ApplyMetadata(CopySource source, string temp)
    {
        var attributes = source.Attributes;
        if (_isRoot) _host.SetOwner(_work!, temp, attributes.Uid, attributes.Gid);
        // Failures (security.* without privilege, a target fs without that namespace) do not stop a copy-up.
        foreach (var (name, value) in source.Xattrs) _host.SetXattr(_work!, temp, name, value, 0);
        if (attributes.Kind != FileKind.Symlink)
        {
            var error = _host.SetMode(_work!, temp, attributes.Mode);
            if (error != FsError.None) return error;
        }
        // A hard-linked source keeps its number only with the index, which makes all its names one file again.
        if (attributes.LinkCount == 1 || IndexesHardLinks(attributes)) RecordOrigin(_work!, temp, source.Ino);
        if (attributes.WindowsAttributes != 0)
        {
            var error = _host.SetWindowsAttributes(_work!, temp, attributes.WindowsAttributes, attributes.BirthTime);
            if (error != FsError.None) return error;
        }
        var timesError = _host.SetTimes(_work!, temp, TimeChange.To(attributes.AccessTime), TimeChange.To(attributes.ModifyTime));
        // A host that cannot set a symlink's own times (System.IO would follow it) leaves the copy's times as made.
        return attributes.Kind == FileKind.Symlink && timesError == FsError.NotSupported ? FsError.None : timesError;
    }
}
