// One entry of the merged tree that the engine has resolved: where it lives in the layers and what it caches.
namespace Union.Core.Nodes;

using Union.Core.Host;
using Union.Core.Layers;

/// <summary>
/// A resolved entry. Its identity (Id, Ino) survives copy-up and rename; its location changes with them.
/// All fields are guarded by the engine lock.
/// </summary>
internal sealed class Node(ulong id, Node? parent, string name)
{
    public ulong Id { get; } = id;
    public Node? Parent { get; set; } = parent;
    public string Name { get; set; } = name;
    public FileKind Kind { get; set; }
    /// <summary>The topmost layer that holds the entry; the upper once copied up.</summary>
    public Layer Layer { get; set; } = null!;
    /// <summary>Inode number reported to callers; fixed for the node's life.</summary>
    public ulong Ino { get; set; }

    // Directories only.
    public HostDirectory? UpperDir { get; set; }
    /// <summary>Lower directories merged under this one, topmost first; empty when opaque or none.</summary>
    public List<(Layer Layer, HostDirectory Dir)> LowerDirs { get; } = [];
    /// <summary>Where this directory's lower part lives, from the lower roots ("/a/b"); follows redirects.</summary>
    public string LowerPath { get; set; } = "/";
    public Dictionary<string, Node>? Children { get; set; }
    /// <summary>
    /// Names a merged listing found only in lower layers, with the index in <see cref="LowerDirs"/> of the topmost one.
    /// Lowers never change under a mount, so a later lookup may start there (after checking the upper) instead of
    /// probing every layer above; each hint is used once.
    /// </summary>
    public Dictionary<string, int>? ListedInLower { get; set; }

    /// <summary>Kernel lookups not yet forgotten.</summary>
    public long Lookups { get; set; }
    /// <summary>Open handles, plus one while a copy-up outside the lock works on the node (keeps it from eviction).</summary>
    public int OpenCount { get; set; }
    /// <summary>Its open files, through which a file unlinked while open can still be changed.</summary>
    public List<OpenFile>? OpenFiles { get; set; }
    /// <summary>A copy-up of this file's data running outside the engine lock; null when none is.</summary>
    public CopyUpGate? CopyingUp { get; set; }
    /// <summary>A non-directory whose lower inode has other names (nlink &gt; 1): copy-up goes through the index.</summary>
    public bool HardLinked { get; set; }
    /// <summary>Named by link(2) from an unnamed file (O_TMPFILE): that node is the same file (see EntryAttributes.Aliased).</summary>
    public bool Aliased { get; set; }
    /// <summary>Removed from the tree (unlinked, or replaced by a rename) but maybe still open.</summary>
    public bool Detached { get; set; }

    public bool IsDirectory => Kind == FileKind.Directory;
    public bool InUpper => Layer.IsUpper;

    /// <summary>The host directory that holds this entry in its current layer.</summary>
    public HostDirectory ParentDirIn(Layer layer)
    {
        var parent = Parent ?? throw new InvalidOperationException("root has no parent");
        if (layer.IsUpper) return parent.UpperDir ?? throw new InvalidOperationException("parent not in upper");
        foreach (var (l, d) in parent.LowerDirs)
            if (l == layer) return d;
        throw new InvalidOperationException($"parent of {Name} has no directory in {layer}");
    }

    public string PathForMessages()
    {
        if (Parent is null) return "/";
        var parentPath = Parent.PathForMessages();
        return parentPath == "/" ? "/" + Name : parentPath + "/" + Name;
    }

    public void CloseDirectories()
    {
        UpperDir?.Dispose();
        UpperDir = null;
        foreach (var (_, d) in LowerDirs) d.Dispose();
        LowerDirs.Clear();
    }

    public override string ToString() => PathForMessages();
}
