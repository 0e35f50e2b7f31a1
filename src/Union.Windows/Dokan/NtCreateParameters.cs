// The kernel-level ZwCreateFile parameters Dokan passes through unchanged: NT disposition, create options
// and the access mask (wdm.h / winnt.h values). Directory aliases (FILE_LIST_DIRECTORY = FILE_READ_DATA...) share bits.
namespace Union.Windows.Dokan;

internal enum NtCreateDisposition : uint
{
    Supersede = 0,
    Open = 1,
    Create = 2,
    OpenIf = 3,
    Overwrite = 4,
    OverwriteIf = 5,
}

[Flags]
internal enum NtCreateOptions : uint
{
    None = 0,
    // dokan2.dll pre-sets DOKAN_FILE_INFO.IsDirectory when this is present.
    DirectoryFile = 0x00000001,
    WriteThrough = 0x00000002,
    SequentialOnly = 0x00000004,
    NoIntermediateBuffering = 0x00000008,
    SynchronousIoAlert = 0x00000010,
    SynchronousIoNonAlert = 0x00000020,
    NonDirectoryFile = 0x00000040,
    CompleteIfOplocked = 0x00000100,
    NoEaKnowledge = 0x00000200,
    RandomAccess = 0x00000800,
    // The kernel remembers it and dokan2.dll reports DeletePending at Cleanup; validate deletability at create.
    DeleteOnClose = 0x00001000,
    OpenByFileId = 0x00002000,
    OpenForBackupIntent = 0x00004000,
    SessionAware = 0x00040000,
    OpenReparsePoint = 0x00200000,
}

[Flags]
internal enum NtAccessMask : uint
{
    None = 0,
    ReadData = 0x00000001,
    WriteData = 0x00000002,
    AppendData = 0x00000004,
    ReadEa = 0x00000008,
    WriteEa = 0x00000010,
    Execute = 0x00000020,
    DeleteChild = 0x00000040,
    ReadAttributes = 0x00000080,
    WriteAttributes = 0x00000100,
    Delete = 0x00010000,
    ReadControl = 0x00020000,
    WriteDac = 0x00040000,
    WriteOwner = 0x00080000,
    Synchronize = 0x00100000,
    AccessSystemSecurity = 0x01000000,
    MaximumAllowed = 0x02000000,
    GenericAll = 0x10000000,
    GenericExecute = 0x20000000,
    GenericWrite = 0x40000000,
    GenericRead = 0x80000000,

    FileGenericRead = 0x00120089,
    FileGenericWrite = 0x00120116,
    FileGenericExecute = 0x001200A0,
    FileAllAccess = 0x001F01FF,
}
