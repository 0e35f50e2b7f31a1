// Copy-up: bring an entry into the upper layer before it changes. Parents first, with their metadata; the copy is
// built under a temp name in the work directory and renamed into place, so a crash never leaves a partial file
// under its real name. Caller holds the engine lock, so two opens of one lower file copy it up once.
namespace Union.Core;

using Microsoft.Win32.SafeHandles;
using Union.Core.Host;
using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    /// <summary>Makes sure <paramref name="node"/> is in the upper layer; <paramref name="withData"/> false copies metadata only (truncate to 0).</summary>
    private FsError EnsureUpper(Node node, bool withData = true)
    {
        if (_upper is null) return FsError.ReadOnly;
        if (node.InUpper && (!node.IsDirectory || node.UpperDir is not null)) return FsError.None;
        if (node.Detached) return FsError.NotFound;
        var parent = node.Parent!;
        var error = EnsureUpper(parent);
        if (error != FsError.None) return error;
        return node.IsDirectory ? CopyUpDirectory(node) : CopyUpFile(node, withData);
    }

    private FsError CopyUpDirectory(Node node)
    {
        var (layer, source) = node.LowerDirs[0];
        var error = _host.Stat(source, null, out var attributes);
        if (error != FsError.None) return error;
        string temp = NewTempName();
        error = _host.CreateDirectory(_work!, temp, 0x1C0);
        if (error != FsError.None) return error;
        error = _host.OpenDirectory(_work!, temp, out var created);
        if (error == FsError.None)
        {
            error = CopyMetadata(source, null, created!, null, attributes);
            if (error == FsError.None) error = Sync(null, created!);
            if (error == FsError.None)
                error = _host.Rename(_work!, temp, node.Parent!.UpperDir!, node.Name, RenameFlags.NoReplace);
        }
        if (error != FsError.None)
        {
            created?.Dispose();
            RemoveTree(_work!, temp, FileKind.Directory);
            return error;
        }
        created!.Path = Path.Join(node.Parent!.UpperDir!.Path, node.Name);
        node.UpperDir = created;
        node.Layer = _upper!;
        _ = layer;
        return FsError.None;
    }

    private FsError CopyUpFile(Node node, bool withData)
    {
        var sourceDir = node.ParentDirIn(node.Layer);
        var error = _host.Stat(sourceDir, node.Name, out var attributes);
        if (error != FsError.None) return error;
        string temp = NewTempName();
        error = CreateCopy(sourceDir, node.Name, temp, attributes, withData);
        if (error == FsError.None) error = CopyMetadata(sourceDir, node.Name, _work!, temp, attributes);
        if (error == FsError.None && attributes.LinkCount == 1)
            RecordOrigin(_work!, temp, node.Ino);
        if (error == FsError.None)
            error = _host.Rename(_work!, temp, node.Parent!.UpperDir!, node.Name, RenameFlags.None);
        if (error != FsError.None)
        {
            _host.Remove(_work!, temp, directory: false);
            return error;
        }
        node.Layer = _upper!;
        return FsError.None;
    }

    private FsError CreateCopy(HostDirectory sourceDir, string name, string temp, in EntryAttributes attributes, bool withData)
    {
        switch (attributes.Kind)
        {
            case FileKind.Regular:
                return CopyRegular(sourceDir, name, temp, attributes.Size, withData);
            case FileKind.Symlink:
                var error = _host.ReadLink(sourceDir, name, out var target);
                return error == FsError.None ? _host.CreateSymlink(_work!, temp, target!) : error;
            default:
                return _host.CreateNode(_work!, temp, attributes.Mode, attributes.Rdev);
        }
    }

    private FsError CopyRegular(HostDirectory sourceDir, string name, string temp, long size, bool withData)
    {
        SafeFileHandle? source = null, target = null;
        try
        {
            var error = _host.Open(_work!, temp, OpenMode.WriteOnly | OpenMode.Create | OpenMode.Exclusive, 0x180, out target);
            if (error != FsError.None) return error;
            if (!withData || size == 0) return FsError.None;
            error = _host.Open(sourceDir, name, OpenMode.ReadOnly, 0, out source);
            if (error != FsError.None) return error;
            error = _host.CopyData(source!, target!, size);
            if (error != FsError.None) return error;
            // Data reaches the disk before the rename makes it visible, as the kernel's copy-up does.
            return Options.Volatile ? FsError.None : _host.Sync(target!, dataOnly: true);
        }
        finally
        {
            source?.Dispose();
            target?.Dispose();
        }
    }

    /// <summary>Owner, xattrs (but the engine's own), mode and times, in that order (chown clears setuid bits).</summary>
    private FsError CopyMetadata(HostDirectory sourceDir, string? sourceName, HostDirectory targetDir, string? targetName,
        in EntryAttributes attributes)
    {
        bool symlink = attributes.Kind == FileKind.Symlink;
        if (_isRoot) _host.SetOwner(targetDir, targetName ?? ".", attributes.Uid, attributes.Gid);
        CopyXattrs(sourceDir, sourceName, targetDir, targetName);
        if (!symlink)
        {
            var error = targetName is null
                ? SetDirectoryMode(targetDir, attributes.Mode)
                : _host.SetMode(targetDir, targetName, attributes.Mode);
            if (error != FsError.None) return error;
        }
        if (attributes.WindowsAttributes != 0)
        {
            var error = _host.SetWindowsAttributes(targetDir, targetName, attributes.WindowsAttributes, attributes.BirthTime);
            if (error != FsError.None) return error;
        }
        var timesError = _host.SetTimes(targetDir, targetName, TimeChange.To(attributes.AccessTime), TimeChange.To(attributes.ModifyTime));
        // A host that cannot set a symlink's own times (System.IO would follow it) leaves the copy's times as made.
        return symlink && timesError == FsError.NotSupported ? FsError.None : timesError;
    }

    private FsError SetDirectoryMode(HostDirectory dir, uint mode) =>
        _host.SetMode(dir, ".", mode);

    private void CopyXattrs(HostDirectory sourceDir, string? sourceName, HostDirectory targetDir, string? targetName)
    {
        var names = new List<string>();
        if (_host.ListXattr(sourceDir, sourceName, names) != FsError.None || names.Count == 0) return;
        var value = new byte[64 * 1024];
        foreach (var name in names)
        {
            if (Whiteouts.Markers.IsReservedXattr(name)) continue;
            if (_host.GetXattr(sourceDir, sourceName, name, value, out int length) != FsError.None) continue;
            // Failures (security.* without privilege, a target fs without that namespace) do not stop a copy-up.
            _host.SetXattr(targetDir, targetName, name, value.AsSpan(0, length), 0);
        }
    }

    private void RecordOrigin(HostDirectory dir, string name, ulong ino)
    {
        if (!_host.SupportsXattrs)
        {
            // No xattrs: remember the origin for the life of the mount, by the copy's own host number, which such a
            // host (PortableHost) keeps through renames and never reuses.
            if (_host.Stat(dir, name, out var copy) == FsError.None) _origins[copy.Inode] = ino;
            return;
        }
        Span<byte> value = stackalloc byte[16];
        BitConverter.TryWriteBytes(value, ino);
        _host.SetXattr(dir, name, _markers.WritePrefix.Replace("overlay.", "") + OriginXattr, value, 0);
    }

    private FsError Sync(Microsoft.Win32.SafeHandles.SafeFileHandle? file, HostDirectory? dir)
    {
        if (Options.Volatile) return FsError.None;
        if (file is not null) return _host.Sync(file, dataOnly: true);
        return dir is not null ? _host.SyncDirectory(dir) : FsError.None;
    }

    /// <summary>Removes an entry and, for a directory, everything in it (used on the work directory only).</summary>
    private void RemoveTree(HostDirectory dir, string name, FileKind kind)
    {
        if (kind is FileKind.Directory or FileKind.None && _host.OpenDirectory(dir, name, out var sub) == FsError.None)
        {
            using (sub)
            {
                var entries = new List<HostEntry>();
                if (_host.ReadDirectory(sub!, entries) == FsError.None)
                    foreach (var entry in entries) RemoveTree(sub!, entry.Name, entry.Kind);
            }
            _host.Remove(dir, name, directory: true);
            return;
        }
        _host.Remove(dir, name, directory: false);
    }
}
