// Copy-up under the engine lock: bring an entry into the upper layer before it changes. Parents first, with their
// metadata; the copy is built under a temp name in the work directory and renamed into place, so a crash never
// leaves a partial file under its real name. File data is normally copied before the lock is taken
// (ConcurrentCopyUp.cs); what reaches this path is directories, metadata-only copies and the rare fallback.
namespace Union.Core;

using Union.Core.CopyUp;
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
        var (_, source) = node.LowerDirs[0];
        var error = _host.Stat(source, null, out var attributes);
        if (error != FsError.None) return error;
        string temp = NewTempName();
        error = _host.CreateDirectory(_work!, temp, 0x1C0);
        if (error != FsError.None) return error;
        error = _host.OpenDirectory(_work!, temp, out var created);
        if (error == FsError.None)
        {
            error = CopyDirectoryMetadata(source, created!, attributes);
            if (error == FsError.None) error = Sync(null, created!);
            if (error == FsError.None) error = MoveIntoParent(temp, node);
        }
        if (error != FsError.None)
        {
            created?.Dispose();
            RemoveTree(_work!, temp);
            return error;
        }
        created!.Path = Path.Join(node.Parent!.UpperDir!.Path, node.Name);
        node.UpperDir = created;
        node.Layer = _upper!;
        DirectoryCopiedUp?.Invoke(node.Id);
        return FsError.None;
    }

    /// <summary>The whole file copy-up under the engine lock (metadata-only copies, and the fallback when another path needs it now).</summary>
    private FsError CopyUpFile(Node node, bool withData)
    {
        if (node.HardLinked && TryLinkUpFromIndex(node, out var error)) return error;
        error = CaptureSource(node, withData, out var source);
        if (error != FsError.None) return error;
        using (source)
        {
            string temp = NewTempName();
            error = BuildCopy(source!, temp);
            return error == FsError.None ? PlaceCopy(node, temp, source!) : error;
        }
    }

    /// <summary>
    /// Renames a finished copy from work to the node's name in the upper (first into the index for a hard-linked
    /// file) and points the node at it. Caller holds the engine lock and has checked that the node is still lower
    /// and attached and its parent in the upper; the temp is gone afterwards either way.
    /// </summary>
    private FsError PlaceCopy(Node node, string temp, CopySource source)
    {
        FsError error;
        if (IndexesHardLinks(source.Attributes))
        {
            // Another name of the same lower file got there first: use its copy, so the names stay one file.
            if (TryLinkUpFromIndex(node, out error)) { _host.Remove(_work!, temp, directory: false); return error; }
            error = AddToIndex(temp, source.Ino);
            if (error != FsError.None) { _host.Remove(_work!, temp, directory: false); return error; }
        }
        error = MoveIntoParent(temp, node);
        if (error != FsError.None)
        {
            _host.Remove(_work!, temp, directory: false);
            return error;
        }
        node.Layer = _upper!;
        if (IndexesHardLinks(source.Attributes)) LinkUpCachedAliases(node);
        return FsError.None;
    }

    /// <summary>
    /// Renames a finished copy from work to the node's name in its parent's upper directory. As overlayfs does, the
    /// parent keeps its times: the user changed the entry, not the directory.
    /// </summary>
    private FsError MoveIntoParent(string temp, Node node)
    {
        var parentDir = node.Parent!.UpperDir!;
        bool keepTimes = _host.Stat(parentDir, null, out var before) == FsError.None;
        var error = _host.Rename(_work!, temp, parentDir, node.Name, RenameFlags.NoReplace);
        if (error == FsError.None && keepTimes)
            _host.SetTimes(parentDir, null, TimeChange.To(before.AccessTime), TimeChange.To(before.ModifyTime));
        return error;
    }

    /// <summary>A directory's owner, xattrs (but the engine's own), mode and times, in that order (chown clears setuid bits).</summary>
    private FsError CopyDirectoryMetadata(HostDirectory source, HostDirectory target, in EntryAttributes attributes)
    {
        if (_isRoot) _host.SetOwner(target, ".", attributes.Uid, attributes.Gid);
        var names = new List<string>();
        if (_host.ListXattr(source, null, names) == FsError.None && names.Count > 0)
        {
            var value = new byte[64 * 1024];
            foreach (var name in names)
                // Failures (security.* without privilege, a target fs without that namespace) do not stop a copy-up.
                if (!Whiteouts.Markers.IsReservedXattr(name) && _host.GetXattr(source, null, name, value, out int length) == FsError.None)
                    _host.SetXattr(target, null, name, value.AsSpan(0, length), 0);
        }
        var error = _host.SetMode(target, ".", attributes.Mode);
        if (error != FsError.None) return error;
        if (attributes.WindowsAttributes != 0)
        {
            error = _host.SetWindowsAttributes(target, null, attributes.WindowsAttributes, attributes.BirthTime);
            if (error != FsError.None) return error;
        }
        return _host.SetTimes(target, null, TimeChange.To(attributes.AccessTime), TimeChange.To(attributes.ModifyTime));
    }

    private void RecordOrigin(HostDirectory dir, string name, ulong ino)
    {
        if (!_host.SupportsXattrs)
        {
            // No xattrs: remember the origin for the life of the mount, by the copy's own host number, which such a
            // host (PortableHost) keeps through renames and never reuses. File copies run outside the engine lock.
            if (_host.Stat(dir, name, out var copy) == FsError.None)
                lock (_origins) _origins[copy.Inode] = ino;
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
    /// <summary>Clears a scratch entry or tree out of work, best effort: what stays is removed at the next start.</summary>
    private void RemoveTree(HostDirectory dir, string name) => _ = HostTree.Remove(_host, dir, name);
}
