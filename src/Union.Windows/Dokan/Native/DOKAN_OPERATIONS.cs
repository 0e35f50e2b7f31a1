// Mirror of DOKAN_OPERATIONS (dokan/dokan.h, Dokan 2.x): 25 stdcall callback slots in header order, x64 size 200.
// Any slot may be null; dokan2.dll then behaves as if the callback returned STATUS_NOT_IMPLEMENTED.
using System.Runtime.InteropServices;

namespace Union.Windows.Dokan.Native;

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DOKAN_OPERATIONS
{
    public delegate* unmanaged[Stdcall]<char*, DOKAN_IO_SECURITY_CONTEXT*, uint, uint, uint, uint, uint, DOKAN_FILE_INFO*, int> ZwCreateFile;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, void> Cleanup;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, void> CloseFile;
    public delegate* unmanaged[Stdcall]<char*, void*, uint, uint*, long, DOKAN_FILE_INFO*, int> ReadFile;
    public delegate* unmanaged[Stdcall]<char*, void*, uint, uint*, long, DOKAN_FILE_INFO*, int> WriteFile;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, int> FlushFileBuffers;
    public delegate* unmanaged[Stdcall]<char*, BY_HANDLE_FILE_INFORMATION*, DOKAN_FILE_INFO*, int> GetFileInformation;
    public delegate* unmanaged[Stdcall]<char*, delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int>, DOKAN_FILE_INFO*, int> FindFiles;
    public delegate* unmanaged[Stdcall]<char*, char*, delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int>, DOKAN_FILE_INFO*, int> FindFilesWithPattern;
    public delegate* unmanaged[Stdcall]<char*, uint, DOKAN_FILE_INFO*, int> SetFileAttributes;
    public delegate* unmanaged[Stdcall]<char*, FILETIME*, FILETIME*, FILETIME*, DOKAN_FILE_INFO*, int> SetFileTime;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, int> DeleteFile;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, int> DeleteDirectory;
    public delegate* unmanaged[Stdcall]<char*, char*, int, DOKAN_FILE_INFO*, int> MoveFile;
    public delegate* unmanaged[Stdcall]<char*, long, DOKAN_FILE_INFO*, int> SetEndOfFile;
    public delegate* unmanaged[Stdcall]<char*, long, DOKAN_FILE_INFO*, int> SetAllocationSize;
    public delegate* unmanaged[Stdcall]<char*, long, long, DOKAN_FILE_INFO*, int> LockFile;
    public delegate* unmanaged[Stdcall]<char*, long, long, DOKAN_FILE_INFO*, int> UnlockFile;
    public delegate* unmanaged[Stdcall]<ulong*, ulong*, ulong*, DOKAN_FILE_INFO*, int> GetDiskFreeSpace;
    public delegate* unmanaged[Stdcall]<char*, uint, uint*, uint*, uint*, char*, uint, DOKAN_FILE_INFO*, int> GetVolumeInformation;
    public delegate* unmanaged[Stdcall]<char*, DOKAN_FILE_INFO*, int> Mounted;
    public delegate* unmanaged[Stdcall]<DOKAN_FILE_INFO*, int> Unmounted;
    public delegate* unmanaged[Stdcall]<char*, uint*, void*, uint, uint*, DOKAN_FILE_INFO*, int> GetFileSecurity;
    public delegate* unmanaged[Stdcall]<char*, uint*, void*, uint, DOKAN_FILE_INFO*, int> SetFileSecurity;
    public delegate* unmanaged[Stdcall]<char*, delegate* unmanaged[Stdcall]<WIN32_FIND_STREAM_DATA*, void*, int>, void*, DOKAN_FILE_INFO*, int> FindStreams;
}
