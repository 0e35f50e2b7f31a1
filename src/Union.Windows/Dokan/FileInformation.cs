// What the filesystem reports for one file: GetFileInformation (BY_HANDLE_FILE_INFORMATION) and
// each FindFiles entry (WIN32_FIND_DATAW). Times are raw FILETIMEs: 100 ns ticks since 1601-01-01 UTC.
namespace Union.Windows.Dokan;

internal struct FileInformation
{
    public FileAttributes Attributes;
    public long CreationTime;
    public long LastAccessTime;
    public long LastWriteTime;
    public long Length;

    // GetFileInformation only. Tools such as git compare the index, so it must be stable for a path.
    public ulong FileIndex;
    public uint NumberOfLinks;
    public uint VolumeSerialNumber;

    // FindFiles only: the reparse tag when Attributes has ReparsePoint.
    public uint ReparseTag;
}

// GetVolumeInformation FileSystemFlags (winnt.h FILE_* volume capabilities).
[Flags]
internal enum FileSystemFeatures : uint
{
    None = 0,
    CaseSensitiveSearch = 0x00000001,
    CasePreservedNames = 0x00000002,
    UnicodeOnDisk = 0x00000004,
    PersistentAcls = 0x00000008,
    SupportsSparseFiles = 0x00000040,
    SupportsReparsePoints = 0x00000080,
    SupportsRemoteStorage = 0x00000100,
    SupportsPosixUnlinkRename = 0x00000400,
    NamedStreams = 0x00040000,
    ReadOnlyVolume = 0x00080000,
    SupportsHardLinks = 0x00400000,
    SupportsExtendedAttributes = 0x00800000,
    SupportsOpenByFileId = 0x01000000,
}
