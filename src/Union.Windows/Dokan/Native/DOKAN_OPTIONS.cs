// Mirror of DOKAN_OPTIONS and the DOKAN_OPTION_* flags (dokan/dokan.h, Dokan 2.x, x64 size 16432).
// dokan2.dll keeps a pointer to this struct for the whole mount, so it must live in native memory.
using System.Runtime.InteropServices;

namespace Union.Windows.Dokan.Native;

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DOKAN_OPTIONS
{
    // VOLUME_SECURITY_DESCRIPTOR_MAX_SIZE (sys/public.h).
    public const int VolumeSecurityDescriptorMaxSize = 16 * 1024;

    public ushort Version;
    public byte SingleThread;
    public uint Options;
    public ulong GlobalContext;
    public char* MountPoint;
    public char* UNCName;
    public uint Timeout;
    public uint AllocationUnitSize;
    public uint SectorSize;
    public uint VolumeSecurityDescriptorLength;
    public fixed byte VolumeSecurityDescriptor[VolumeSecurityDescriptorMaxSize];
}

[Flags]
internal enum DokanOptionFlags : uint
{
    None = 0,
    Debug = 1,
    Stderr = 2,
    // Without it the driver rejects every path containing ':' and FindStreams is never called.
    AltStream = 4,
    WriteProtect = 8,
    Network = 16,
    Removable = 32,
    MountManager = 64,
    CurrentSession = 128,
    // Without it the kernel grants byte-range locks itself and LockFile/UnlockFile are never called.
    FileLockUserMode = 256,
    CaseSensitive = 512,
    EnableUnmountNetworkDrive = 1024,
    DispatchDriverLogs = 2048,
    AllowIpcBatching = 4096,
}
