// One layer of the union: its root directory, whether it takes writes, and the bits that keep its inode numbers apart.
namespace Union.Core.Layers;

using Union.Core.Host;

internal sealed class Layer(int index, string path, HostDirectory root, bool isUpper, ulong device)
{
    /// <summary>Position in the stack: 0 is the topmost layer (the upper when there is one).</summary>
    public int Index { get; } = index;
    public string Path { get; } = path;
    public HostDirectory Root { get; } = root;
    public bool IsUpper { get; } = isUpper;
    public ulong Device { get; } = device;
    /// <summary>Index of this layer's filesystem among the distinct ones, for xino-style inode numbers.</summary>
    public int FsIndex { get; set; }

    public override string ToString() => IsUpper ? $"upper {Path}" : $"lower {Index} {Path}";
}
