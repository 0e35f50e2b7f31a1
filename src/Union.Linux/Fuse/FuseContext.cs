// The per-request context handed to every filesystem method: who asks, about which node.
namespace Union.Linux.Fuse;

internal readonly struct FuseContext(ulong nodeId, uint uid, uint gid, uint pid, ulong unique)
{
    /// <summary>The node the request is about (the parent directory for name operations).</summary>
    public ulong NodeId { get; } = nodeId;
    public uint Uid { get; } = uid;
    public uint Gid { get; } = gid;
    public uint Pid { get; } = pid;
    public ulong Unique { get; } = unique;
}
