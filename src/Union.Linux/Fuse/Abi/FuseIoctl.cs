// Mirrors the FUSE_DEV_IOC_* request numbers (magic 229), linux/fuse.h 7.45, x86_64 _IOC encoding.
namespace Union.Linux.Fuse.Abi;

internal static class FuseIoctl
{
    /// <summary>_IOR(229, 0, uint32_t): issued on a new /dev/fuse fd, arg points to the session's fd.</summary>
    public const uint FUSE_DEV_IOC_CLONE = 0x8004E500;
    /// <summary>_IOW(229, 1, struct fuse_backing_map): returns backing_id &gt; 0.</summary>
    public const uint FUSE_DEV_IOC_BACKING_OPEN = 0x4010E501;
    /// <summary>_IOW(229, 2, uint32_t): arg points to the backing id.</summary>
    public const uint FUSE_DEV_IOC_BACKING_CLOSE = 0x4004E502;
    /// <summary>_IO(229, 3): makes the next mount(2) send INIT synchronously.</summary>
    public const uint FUSE_DEV_IOC_SYNC_INIT = 0xE503;
}
