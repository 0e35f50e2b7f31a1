// What the kernel offered at INIT and what the filesystem wants back; the filesystem may edit it in its Init hook.
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse;

internal struct FuseInitConfig
{
    public uint KernelMajor;
    public uint KernelMinor;
    /// <summary>flags | flags2 &lt;&lt; 32 as offered; flags2 counts only when the kernel set FUSE_INIT_EXT.</summary>
    public FuseInitFlags KernelFlags;
    public uint KernelMaxReadahead;

    /// <summary>Requested capabilities; the session masks them with <see cref="KernelFlags"/> afterwards.</summary>
    public FuseInitFlags Want;
    public uint MaxReadahead;
    public uint MaxWrite;
    public ushort MaxBackground;
    public ushort CongestionThreshold;
    public uint TimeGran;
    /// <summary>Passthrough only: 1 (backing files on a plain fs) or 2 (backing may itself be stacked).</summary>
    public uint MaxStackDepth;
}

/// <summary>The outcome of INIT, fixed for the life of the connection.</summary>
internal sealed record FuseConnectionInfo(uint Minor, FuseInitFlags Flags, uint MaxWrite, uint MaxReadahead, uint MaxStackDepth)
{
    public bool Passthrough => (Flags & FuseInitFlags.FUSE_PASSTHROUGH) != 0;
    public bool Has(FuseInitFlags flag) => (Flags & flag) == flag;
}
