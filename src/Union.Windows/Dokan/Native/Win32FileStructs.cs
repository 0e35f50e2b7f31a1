// Blittable mirrors of the Win32 file-information records Dokan passes (minwinbase.h, fileapi.h).
// FILETIME is two DWORDs, so WIN32_FIND_DATAW is 4-aligned (592 bytes); a long-typed FILETIME would make it 600.
using System.Runtime.InteropServices;

namespace Union.Windows.Dokan.Native;

[StructLayout(LayoutKind.Sequential)]
internal struct FILETIME
{
    public uint dwLowDateTime;
    public uint dwHighDateTime;

    public FILETIME(long fileTime)
    {
        dwLowDateTime = (uint)fileTime;
        dwHighDateTime = (uint)((ulong)fileTime >> 32);
    }

    public readonly long ToInt64() => (long)(((ulong)dwHighDateTime << 32) | dwLowDateTime);
}

[StructLayout(LayoutKind.Sequential)]
internal struct BY_HANDLE_FILE_INFORMATION
{
    public uint dwFileAttributes;
    public FILETIME ftCreationTime;
    public FILETIME ftLastAccessTime;
    public FILETIME ftLastWriteTime;
    public uint dwVolumeSerialNumber;
    public uint nFileSizeHigh;
    public uint nFileSizeLow;
    public uint nNumberOfLinks;
    public uint nFileIndexHigh;
    public uint nFileIndexLow;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WIN32_FIND_DATAW
{
    public const int MAX_PATH = 260;

    public uint dwFileAttributes;
    public FILETIME ftCreationTime;
    public FILETIME ftLastAccessTime;
    public FILETIME ftLastWriteTime;
    public uint nFileSizeHigh;
    public uint nFileSizeLow;
    // Reparse tag when dwFileAttributes has FILE_ATTRIBUTE_REPARSE_POINT.
    public uint dwReserved0;
    public uint dwReserved1;
    public fixed char cFileName[MAX_PATH];
    public fixed char cAlternateFileName[14];
}

// Only used with DOKAN_OPTION_ALT_STREAM; cStreamName is MAX_PATH + 36 and holds ":name:$DATA".
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct WIN32_FIND_STREAM_DATA
{
    public const int NameCapacity = 296;

    public long StreamSize;
    public fixed char cStreamName[NameCapacity];
}
