// What DokanHost puts into DOKAN_OPTIONS for one mount. Defaults follow dokan-abi.md §0: mount-manager volume,
// case-insensitive, no alternate streams and kernel-side byte-range locks.
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

internal sealed record DokanMountOptions(string MountPoint)
{
    public DokanOptionFlags Options { get; init; } = DokanOptionFlags.MountManager;

    // Per-request timeout; when a callback takes longer the driver unmounts the volume.
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    // 0 lets dokan2.dll choose (512).
    public uint AllocationUnitSize { get; init; }

    public uint SectorSize { get; init; }

    public bool SingleThread { get; init; }
}
