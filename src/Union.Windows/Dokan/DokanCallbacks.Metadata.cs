// DOKAN_OPERATIONS entry points for metadata, namespace changes, locks, volume and security callbacks
// (slots 9-24 of dokan.h); same contract as DokanCallbacks.cs.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

internal static unsafe partial class DokanCallbacks
{
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int SetFileAttributes(char* fileName, uint fileAttributes, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).SetFileAttributes(Name(fileName), (FileAttributes)fileAttributes, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(SetFileAttributes), e);
        }
    }

    // dokan2.dll always passes three pointers (copied from FILE_BASIC_INFORMATION); null is treated as "unchanged".
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int SetFileTime(char* fileName, FILETIME* creationTime, FILETIME* lastAccessTime, FILETIME* lastWriteTime, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).SetFileTime(
                Name(fileName), Ticks(creationTime), Ticks(lastAccessTime), Ticks(lastWriteTime), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(SetFileTime), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int DeleteFile(char* fileName, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).DeleteFile(Name(fileName), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(DeleteFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int DeleteDirectory(char* fileName, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).DeleteDirectory(Name(fileName), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(DeleteDirectory), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int MoveFile(char* fileName, char* newFileName, int replaceIfExisting, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).MoveFile(Name(fileName), Name(newFileName), replaceIfExisting != 0, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(MoveFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int SetEndOfFile(char* fileName, long byteOffset, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).SetEndOfFile(Name(fileName), byteOffset, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(SetEndOfFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int SetAllocationSize(char* fileName, long allocSize, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).SetAllocationSize(Name(fileName), allocSize, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(SetAllocationSize), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int LockFile(char* fileName, long byteOffset, long length, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).LockFile(Name(fileName), byteOffset, length, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(LockFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int UnlockFile(char* fileName, long byteOffset, long length, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).UnlockFile(Name(fileName), byteOffset, length, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(UnlockFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetDiskFreeSpace(ulong* freeBytesAvailable, ulong* totalNumberOfBytes, ulong* totalNumberOfFreeBytes, DOKAN_FILE_INFO* info)
    {
        try
        {
            var status = FileSystem(info).GetDiskFreeSpace(out var available, out var total, out var free, ref View(info));
            Store(freeBytesAvailable, available);
            Store(totalNumberOfBytes, total);
            Store(totalNumberOfFreeBytes, free);
            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(GetDiskFreeSpace), e);
        }
    }

    // Sizes are in characters including the NUL; the filesystem gets zeroed spans one shorter so the result stays terminated.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetVolumeInformation(
        char* volumeNameBuffer, uint volumeNameSize, uint* volumeSerialNumber, uint* maximumComponentLength,
        uint* fileSystemFlags, char* fileSystemNameBuffer, uint fileSystemNameSize, DOKAN_FILE_INFO* info)
    {
        try
        {
            var volumeName = Terminated(volumeNameBuffer, volumeNameSize);
            var fileSystemName = Terminated(fileSystemNameBuffer, fileSystemNameSize);
            var status = FileSystem(info).GetVolumeInformation(
                volumeName, out var serial, out var maxComponent, out var features, fileSystemName, ref View(info));
            Store(volumeSerialNumber, serial);
            Store(maximumComponentLength, maxComponent);
            Store(fileSystemFlags, (uint)features);
            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(GetVolumeInformation), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int Mounted(char* mountPoint, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).Mounted(Name(mountPoint), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(Mounted), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int Unmounted(DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).Unmounted(ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(Unmounted), e);
        }
    }

    // Buffer too small: return BufferOverflow with lengthNeeded set, and dokan2.dll asks again.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetFileSecurity(
        char* fileName, uint* securityInformation, void* securityDescriptor, uint bufferLength, uint* lengthNeeded, DOKAN_FILE_INFO* info)
    {
        try
        {
            var status = FileSystem(info).GetFileSecurity(
                Name(fileName), securityInformation == null ? 0 : *securityInformation,
                Bytes(securityDescriptor, bufferLength), out var needed, ref View(info));
            Store(lengthNeeded, needed);
            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(GetFileSecurity), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int SetFileSecurity(char* fileName, uint* securityInformation, void* securityDescriptor, uint bufferLength, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).SetFileSecurity(
                Name(fileName), securityInformation == null ? 0 : *securityInformation,
                Bytes(securityDescriptor, bufferLength), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(SetFileSecurity), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FindStreams(
        char* fileName, delegate* unmanaged[Stdcall]<WIN32_FIND_STREAM_DATA*, void*, int> fill, void* findStreamContext, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).FindStreams(Name(fileName), new FindStreamSink(fill, findStreamContext), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(FindStreams), e);
        }
    }

    private static long Ticks(FILETIME* time) => time == null ? 0 : time->ToInt64();

    private static void Store<T>(T* target, T value)
        where T : unmanaged
    {
        if (target != null)
        {
            *target = value;
        }
    }

    private static Span<byte> Bytes(void* buffer, uint length) =>
        buffer == null ? default : new Span<byte>(buffer, (int)Math.Min(length, int.MaxValue));

    private static Span<char> Terminated(char* buffer, uint sizeInChars)
    {
        if (buffer == null || sizeInChars == 0)
        {
            return default;
        }

        var all = new Span<char>(buffer, (int)Math.Min(sizeInChars, int.MaxValue));
        all.Clear();
        return all[..^1];
    }
}
