// Lookup across layers: the topmost layer holding a name wins; whiteouts hide it below; directories merge with the
// directories beneath them until an opaque one; a redirect sends a renamed directory's lower part to its origin.
namespace Union.Core;

using System.Text;
using Union.Core.Host;
using Union.Core.Layers;
using Union.Core.Nodes;
using Union.Core.Paths;

public sealed partial class UnionFileSystem
{
    private const string OriginXattr = "unionfs.origin";

    /// <summary>Finds a child of a directory node, from the cache or the layers. Caller holds the lock.</summary>
    private FsError ResolveChild(Node parent, string name, out Node? child) =>
        ResolveChild(parent, name, out child, out _, out _);

    /// <summary>
    /// As above; when the child had to be resolved from the layers, <paramref name="fresh"/> says so and
    /// <paramref name="top"/> holds the stat that found it, which a caller may present instead of stating again.
    /// </summary>
    private FsError ResolveChild(Node parent, string name, out Node? child, out EntryAttributes top, out bool fresh)
    {
        child = null;
        top = default;
        fresh = false;
        if (!parent.IsDirectory) return FsError.NotDirectory;
        var error = NameRules.CheckLookup(name, windowsNames: false);
        if (error != FsError.None) return error;
        if (parent.Children?.TryGetValue(name, out child) == true) return FsError.None;
        if (Whiteouts.Markers.IsReservedName(name)) return FsError.NotFound;

        var node = NewNode(parent, name);
        error = ResolveInto(parent, node, out top);  // renames the node to the spelling the layers give it
        if (error != FsError.None)
        {
            _nodes.Remove(node.Id);
            node.CloseDirectories();
            return error;
        }
        var foundIn = node.Layer;
        LinkUpIfIndexed(node);
        parent.Children ??= new Dictionary<string, Node>(_names);
        parent.Children[node.Name] = node;
        child = node;
        fresh = node.Layer == foundIn;   // linked up from the index: the stat that found it is the lower's
        return FsError.None;
    }

    /// <summary>Fills in where <paramref name="node"/> lives, and the stat of its topmost entry. NotFound when no layer shows it.</summary>
    private FsError ResolveInto(Node parent, Node node, out EntryAttributes found)
    {
        found = default;
        string name = node.Name;
        if (parent.UpperDir is { } upperDir)
        {
            var error = StatSpelled(upperDir, name, out var spelled, out found);
            if (error == FsError.None)
            {
                if (Whiteouts.Markers.IsWhiteout(found)) return FsError.NotFound;
                node.Name = spelled!;
                return Found(parent, node, _upper!, upperDir, found);
            }
            if (error != FsError.NotFound) return error;
            // A whiteout only hides what lies below: with nothing below, there is no need to look for one.
            if (parent.LowerDirs.Count > 0 && _markers.HasOciWhiteout(upperDir, name)) return FsError.NotFound;
        }
        var lowers = parent.LowerDirs;
        int first = 0;
        if (parent.ListedInLower is { } listed && listed.Remove(name, out int hint))
        {
            // The layers above the hint hold neither the name nor a whiteout for it, and lowers do not change.
            first = hint;
            if (listed.Count == 0) parent.ListedInLower = null;
        }
        for (int i = first; i < lowers.Count; i++)
        {
            var (layer, dir) = lowers[i];
            var error = StatSpelled(dir, name, out var spelled, out found);
            if (error == FsError.None)
            {
                if (Whiteouts.Markers.IsWhiteout(found)) return FsError.NotFound;
                node.Name = spelled!;
                return Found(parent, node, layer, dir, found);
            }
            if (error != FsError.NotFound) return error;
            if (i < lowers.Count - 1 && _markers.HasOciWhiteout(dir, name)) return FsError.NotFound;
        }
        return FsError.NotFound;
    }

    private FsError Found(Node parent, Node node, Layer layer, HostDirectory dir, in EntryAttributes top)
    {
        node.Kind = top.Kind;
        node.Layer = layer;
        if (!node.IsDirectory)
        {
            node.HardLinked = !layer.IsUpper && top.LinkCount > 1;
            node.Ino = FileIno(layer, dir, node.Name, top);
            return FsError.None;
        }
        var error = _host.OpenDirectory(dir, node.Name, out var opened);
        if (error != FsError.None) return error;
        if (layer.IsUpper) node.UpperDir = opened;
        else node.LowerDirs.Add((layer, opened!));
        node.LowerPath = JoinLowerPath(parent.LowerPath, node.Name);
        CollectLowerDirectories(parent, node, layer, opened!, dir);
        node.Ino = node.LowerDirs.Count > 0
            ? DirectoryIno(node.LowerDirs[0].Layer, node.LowerDirs[0].Dir)
            : MapIno(layer, top.Inode);
        return FsError.None;
    }

    /// <summary>
    /// Adds the lower directories that merge under a directory found in <paramref name="topLayer"/>: by name in the
    /// parent's lower directories, or along a redirect path; stops at an opaque directory or at a non-directory.
    /// </summary>
    private void CollectLowerDirectories(Node parent, Node node, Layer topLayer, HostDirectory topDir, HostDirectory topParentDir)
    {
        var markers = _markers.ReadDirectoryMarkers(topDir);
        if (markers.HidesLower || (!topLayer.IsUpper && _markers.HasOciWhiteout(topParentDir, node.Name))) return;
        if (markers.Redirect is { } redirect)
        {
            node.LowerPath = redirect.StartsWith('/') ? redirect : JoinLowerPath(parent.LowerPath, redirect);
            CollectAlongPath(node, topLayer.Index + 1);
            return;
        }
        foreach (var (layer, dir) in parent.LowerDirs)
        {
            if (layer.Index <= topLayer.Index) continue;
            var error = StatSpelled(dir, node.Name, out var spelled, out var found);
            if (error != FsError.None)
            {
                if (_markers.HasOciWhiteout(dir, node.Name)) return;
                continue;
            }
            if (found.Kind != FileKind.Directory) return;  // a whiteout or a file hides everything below
            if (_host.OpenDirectory(dir, spelled!, out var opened) != FsError.None) return;
            node.LowerDirs.Add((layer, opened!));
            var lowerMarkers = _markers.ReadDirectoryMarkers(opened!);
            if (lowerMarkers.HidesLower || _markers.HasOciWhiteout(dir, node.Name)) return;
            if (lowerMarkers.Redirect is { } lowerRedirect)
            {
                node.LowerPath = lowerRedirect.StartsWith('/') ? lowerRedirect : JoinLowerPath(parent.LowerPath, lowerRedirect);
                CollectAlongPath(node, layer.Index + 1);
                return;
            }
        }
    }

    /// <summary>
    /// Follows <see cref="Node.LowerPath"/> from the roots of the layers from <paramref name="fromIndex"/> down, as a
    /// merged lookup of that path would: a whiteout or a non-directory on the way hides it in every layer below, and
    /// an opaque directory on the way (or at the end) hides the layers below its own.
    /// </summary>
    private void CollectAlongPath(Node node, int fromIndex)
    {
        for (int i = fromIndex; i < _layers.Length; i++)
        {
            var layer = _layers[i];
            var (dir, stop) = OpenPathInLayer(layer, node.LowerPath);
            if (dir is not null)
            {
                node.LowerDirs.Add((layer, dir));
                var markers = _markers.ReadDirectoryMarkers(dir);
                if (markers.HidesLower) return;
                if (markers.Redirect is { } redirect && redirect.StartsWith('/')) node.LowerPath = redirect;
            }
            if (stop) return;
        }
    }

    /// <summary>
    /// Opens the directory at <paramref name="path"/> in one layer, or null where the layer has none there;
    /// Stop says this layer hides the path in the layers below it.
    /// </summary>
    private (HostDirectory? Dir, bool Stop) OpenPathInLayer(Layer layer, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        HostDirectory? current = null;
        bool stop = false;
        for (int i = 0; i < parts.Length; i++)
        {
            var parent = current ?? layer.Root;
            var error = StatSpelled(parent, parts[i], out var spelled, out var found);
            var part = spelled ?? parts[i];
            if (error != FsError.None || found.Kind != FileKind.Directory)
            {
                // Missing: hidden below only by a whiteout here. A whiteout device or any non-directory: hidden.
                stop |= error == FsError.None || _markers.HasOciWhiteout(parent, part);
                current?.Dispose();
                return (null, stop);
            }
            // An entry beside its own OCI whiteout shows, but hides the name in the layers below.
            stop |= _markers.HasOciWhiteout(parent, part);
            error = _host.OpenDirectory(parent, part, out var next);
            current?.Dispose();
            if (error != FsError.None) return (null, true);
            current = next;
            if (i < parts.Length - 1 && _markers.ReadDirectoryMarkers(current!).HidesLower) stop = true;
        }
        if (current is not null) return (current, stop);
        return (_host.OpenDirectory(layer.Root, ".", out var self) == FsError.None ? self : null, false);
    }

    private static string JoinLowerPath(string parent, string name) => parent == "/" ? "/" + name : parent + "/" + name;

    private ulong DirectoryIno(Layer layer, HostDirectory dir) =>
        _host.Stat(dir, null, out var attributes) == FsError.None ? MapIno(layer, attributes.Inode) : 0;

    /// <summary>A copied-up entry (a file, a symlink, a node) keeps the inode number of its origin, recorded in an xattr at copy-up.</summary>
    private ulong FileIno(Layer layer, HostDirectory dir, string name, in EntryAttributes attributes)
    {
        if (layer.IsUpper && !_host.SupportsXattrs)
            lock (_origins) return _origins.TryGetValue(attributes.Inode, out var remembered) ? remembered : MapIno(layer, attributes.Inode);
        if (layer.IsUpper)
        {
            Span<byte> origin = stackalloc byte[16];
            if (_host.GetXattr(dir, name, _markers.WritePrefix.Replace("overlay.", "") + OriginXattr, origin, out int n) == FsError.None && n == 16)
                return BitConverter.ToUInt64(origin);
        }
        return MapIno(layer, attributes.Inode);
    }

    /// <summary>Whether any lower layer shows <paramref name="name"/> under the directory node (a delete needs a whiteout).</summary>
    private bool LowerHasName(Node parent, string name)
    {
        var lowers = parent.LowerDirs;
        for (int i = 0; i < lowers.Count; i++)
        {
            var error = StatSpelled(lowers[i].Dir, name, out _, out var found);
            if (error == FsError.None) return !Whiteouts.Markers.IsWhiteout(found);
            if (i < lowers.Count - 1 && _markers.HasOciWhiteout(lowers[i].Dir, name)) return false;
        }
        return false;
    }

    /// <summary>Current attributes of a node, with the union's inode number.</summary>
    private FsError StatNode(Node node, out EntryAttributes attributes)
    {
        FsError error;
        if (node.Detached && !node.IsDirectory)
        {
            // Unlinked: its old name may be another file's by now; only an open handle still reaches it.
            attributes = default;
            if (ReadingHandleOf(node) is not { } file) return FsError.NotFound;
            error = file.GetAttributes(out attributes);
        }
        else error = node.IsDirectory
            ? _host.Stat(node.UpperDir ?? node.LowerDirs[0].Dir, null, out attributes)
            : _host.Stat(node.ParentDirIn(node.Layer), node.Name, out attributes);
        if (error == FsError.None) Present(node, ref attributes);
        return error;
    }

    /// <summary>Turns the stat of a node's topmost entry into what the union reports for it.</summary>
    private void Present(Node node, ref EntryAttributes attributes)
    {
        // Merged (an upper over lowers, or several lowers): the count of subdirectories is unknown, so 1, as
        // overlayfs says; a directory from one layer alone keeps its real count.
        if (node.IsDirectory && (node.UpperDir is not null ? 1 : 0) + node.LowerDirs.Count > 1)
            attributes.LinkCount = 1;
        else if (attributes.LinkCount > 1 && node.InUpper && node.Kind == FileKind.Regular && InHardLinkIndex(node, attributes.Inode))
            attributes.LinkCount--;   // the index's own link is not a name in the view
        attributes.Inode = node.Ino;
        attributes.Aliased = node.Aliased;
    }

    private static int Utf8Length(string s) => Encoding.UTF8.GetByteCount(s);
}
