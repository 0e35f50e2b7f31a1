// The native entry points dokan2.dll calls (DOKAN_OPERATIONS slots): recover the IDokanFileSystem from
// DOKAN_OPTIONS.GlobalContext (a GCHandle), call it, and never let an exception cross into native code.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

internal static unsafe partial class DokanCallbacks
{
    public static DOKAN_OPERATIONS CreateOperations() => new()
    {
        ZwCreateFile = &ZwCreateFile,
        Cleanup = &Cleanup,
        CloseFile = &CloseFile,
        ReadFile = &ReadFile,
        WriteFile = &WriteFile,
        FlushFileBuffers = &FlushFileBuffers,
        GetFileInformation = &GetFileInformation,
        FindFiles = &FindFiles,
        FindFilesWithPattern = &FindFilesWithPattern,
        SetFileAttributes = &SetFileAttributes,
        SetFileTime = &SetFileTime,
        DeleteFile = &DeleteFile,
        DeleteDirectory = &DeleteDirectory,
        MoveFile = &MoveFile,
        SetEndOfFile = &SetEndOfFile,
        SetAllocationSize = &SetAllocationSize,
        LockFile = &LockFile,
        UnlockFile = &UnlockFile,
        GetDiskFreeSpace = &GetDiskFreeSpace,
        GetVolumeInformation = &GetVolumeInformation,
        Mounted = &Mounted,
        Unmounted = &Unmounted,
        GetFileSecurity = &GetFileSecurity,
        SetFileSecurity = &SetFileSecurity,
        FindStreams = &FindStreams,
    };

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int ZwCreateFile(
        char* fileName, DOKAN_IO_SECURITY_CONTEXT* securityContext, uint desiredAccess, uint fileAttributes,
        uint shareAccess, uint createDisposition, uint createOptions, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).ZwCreateFile(
                Name(fileName), (NtAccessMask)desiredAccess, (FileAttributes)fileAttributes, (FileShare)shareAccess,
                (NtCreateDisposition)createDisposition, (NtCreateOptions)createOptions, ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(ZwCreateFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static void Cleanup(char* fileName, DOKAN_FILE_INFO* info)
    {
        try
        {
            FileSystem(info).Cleanup(Name(fileName), ref View(info));
        }
        catch (Exception e)
        {
            Fail(info, nameof(Cleanup), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static void CloseFile(char* fileName, DOKAN_FILE_INFO* info)
    {
        try
        {
            FileSystem(info).CloseFile(Name(fileName), ref View(info));
        }
        catch (Exception e)
        {
            Fail(info, nameof(CloseFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int ReadFile(char* fileName, void* buffer, uint bufferLength, uint* readLength, long offset, DOKAN_FILE_INFO* info)
    {
        try
        {
            *readLength = 0;
            if (bufferLength > int.MaxValue)
            {
                return unchecked((int)NtStatus.InvalidParameter);
            }

            var status = FileSystem(info).ReadFile(
                Name(fileName), new Span<byte>(buffer, (int)bufferLength), out var read, offset, ref View(info));
            *readLength = (uint)Math.Clamp(read, 0, (int)bufferLength);
            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(ReadFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int WriteFile(char* fileName, void* buffer, uint numberOfBytesToWrite, uint* numberOfBytesWritten, long offset, DOKAN_FILE_INFO* info)
    {
        try
        {
            *numberOfBytesWritten = 0;
            if (numberOfBytesToWrite > int.MaxValue)
            {
                return unchecked((int)NtStatus.InvalidParameter);
            }

            var status = FileSystem(info).WriteFile(
                Name(fileName), new ReadOnlySpan<byte>(buffer, (int)numberOfBytesToWrite), out var written, offset, ref View(info));
            *numberOfBytesWritten = (uint)Math.Clamp(written, 0, (int)numberOfBytesToWrite);
            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(WriteFile), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FlushFileBuffers(char* fileName, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).FlushFileBuffers(Name(fileName), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(FlushFileBuffers), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int GetFileInformation(char* fileName, BY_HANDLE_FILE_INFORMATION* buffer, DOKAN_FILE_INFO* info)
    {
        try
        {
            var status = FileSystem(info).GetFileInformation(Name(fileName), out var fi, ref View(info));
            if (status == NtStatus.Success)
            {
                *buffer = new BY_HANDLE_FILE_INFORMATION
                {
                    dwFileAttributes = (uint)fi.Attributes,
                    ftCreationTime = new FILETIME(fi.CreationTime),
                    ftLastAccessTime = new FILETIME(fi.LastAccessTime),
                    ftLastWriteTime = new FILETIME(fi.LastWriteTime),
                    dwVolumeSerialNumber = fi.VolumeSerialNumber,
                    nFileSizeHigh = (uint)((ulong)fi.Length >> 32),
                    nFileSizeLow = (uint)fi.Length,
                    nNumberOfLinks = fi.NumberOfLinks,
                    nFileIndexHigh = (uint)(fi.FileIndex >> 32),
                    nFileIndexLow = (uint)fi.FileIndex,
                };
            }

            return (int)status;
        }
        catch (Exception e)
        {
            return Fail(info, nameof(GetFileInformation), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FindFiles(char* fileName, delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int> fill, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).FindFiles(Name(fileName), new FindDataSink(fill, info), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(FindFiles), e);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FindFilesWithPattern(
        char* pathName, char* searchPattern, delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int> fill, DOKAN_FILE_INFO* info)
    {
        try
        {
            return (int)FileSystem(info).FindFilesWithPattern(
                Name(pathName), Name(searchPattern), new FindDataSink(fill, info), ref View(info));
        }
        catch (Exception e)
        {
            return Fail(info, nameof(FindFilesWithPattern), e);
        }
    }

    private static IDokanFileSystem FileSystem(DOKAN_FILE_INFO* info) =>
        (IDokanFileSystem)GCHandle.FromIntPtr((nint)info->DokanOptions->GlobalContext).Target!;

    private static ref DokanFileInfo View(DOKAN_FILE_INFO* info) => ref *(DokanFileInfo*)info;

    private static ReadOnlySpan<char> Name(char* name) => MemoryMarshal.CreateReadOnlySpanFromNullTerminated(name);

    // Reports the exception to the filesystem if it can still be reached; a second failure is swallowed because
    // an exception escaping an UnmanagedCallersOnly method terminates the process.
    private static int Fail(DOKAN_FILE_INFO* info, string callback, Exception exception)
    {
        try
        {
            FileSystem(info).OnCallbackException(callback, exception);
        }
#pragma warning disable CA1031 // Nothing may escape into dokan2.dll.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return unchecked((int)NtStatus.UnexpectedIoError);
    }
}
