// The filesystem side of the binding: one method per DOKAN_OPERATIONS callback (dokan/dokan.h), with names as
// spans of the in-volume path ("\dir\file.txt"), valid only during the call. dokan2.dll calls these concurrently.
namespace Union.Windows.Dokan;

internal interface IDokanFileSystem
{
    // Raw NT create parameters (CreateFlagsMap gives the CreateFileW view). Return ObjectNameCollision when OpenIf/OverwriteIf/Supersede opened
    // an existing object, Success when one was created; NotADirectory when DirectoryFile hits a file, FileIsADirectory
    // when NonDirectoryFile hits a directory. The kernel already checked share access and delete-pending.
    NtStatus ZwCreateFile(
        ReadOnlySpan<char> fileName, NtAccessMask desiredAccess, FileAttributes fileAttributes, FileShare shareAccess,
        NtCreateDisposition createDisposition, NtCreateOptions createOptions, ref DokanFileInfo info);

    // Last user handle closed. Cannot fail: when info.DeletePending, delete now (everything that could fail was
    // checked in DeleteFile/DeleteDirectory or at create with DeleteOnClose).
    void Cleanup(ReadOnlySpan<char> fileName, ref DokanFileInfo info);

    // End of the open's life; release info.Context here.
    void CloseFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info);

    NtStatus ReadFile(ReadOnlySpan<char> fileName, Span<byte> buffer, out int bytesRead, long offset, ref DokanFileInfo info);

    // info.WriteToEndOfFile: append and ignore offset. info.PagingIo: clip at the current end of file.
    NtStatus WriteFile(ReadOnlySpan<char> fileName, ReadOnlySpan<byte> buffer, out int bytesWritten, long offset, ref DokanFileInfo info);

    NtStatus FlushFileBuffers(ReadOnlySpan<char> fileName, ref DokanFileInfo info);

    // dokan2.dll also calls this before a delete to refuse READONLY files itself.
    NtStatus GetFileInformation(ReadOnlySpan<char> fileName, out FileInformation information, ref DokanFileInfo info);

    // List the directory's entries (without "." and ".."). An empty directory still returns Success.
    NtStatus FindFiles(ReadOnlySpan<char> fileName, FindDataSink fill, ref DokanFileInfo info);

    // Tried first; NotImplemented makes dokan2.dll use FindFiles and filter with DokanIsNameInExpression.
    NtStatus FindFilesWithPattern(ReadOnlySpan<char> fileName, ReadOnlySpan<char> searchPattern, FindDataSink fill, ref DokanFileInfo info) =>
        NtStatus.NotImplemented;

    // attributes == 0 means "leave unchanged" (FILE_BASIC_INFORMATION semantics).
    NtStatus SetFileAttributes(ReadOnlySpan<char> fileName, FileAttributes attributes, ref DokanFileInfo info);

    // Raw FILETIMEs: 0 = leave unchanged, -1 = stop updating on this handle, -2 = resume; treat both negatives as 0.
    NtStatus SetFileTime(ReadOnlySpan<char> fileName, long creationTime, long lastAccessTime, long lastWriteTime, ref DokanFileInfo info);

    // Checks only (two-phase delete): may the object be deleted? The delete happens in Cleanup.
    NtStatus DeleteFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info);

    // Checks only; return DirectoryNotEmpty while the directory has visible entries.
    NtStatus DeleteDirectory(ReadOnlySpan<char> fileName, ref DokanFileInfo info);

    // Runs on the source's open handle. Existing target without replace: ObjectNameCollision; replace onto a
    // directory: AccessDenied; a case-only rename or a rename onto itself must succeed.
    NtStatus MoveFile(ReadOnlySpan<char> fileName, ReadOnlySpan<char> newFileName, bool replaceIfExisting, ref DokanFileInfo info);

    NtStatus SetEndOfFile(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info);

    // Must not change the end of file unless it truncates below it.
    NtStatus SetAllocationSize(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info);

    // Only called with DokanOptionFlags.FileLockUserMode.
    NtStatus LockFile(ReadOnlySpan<char> fileName, long offset, long length, ref DokanFileInfo info) => NtStatus.NotImplemented;

    NtStatus UnlockFile(ReadOnlySpan<char> fileName, long offset, long length, ref DokanFileInfo info) => NtStatus.NotImplemented;

    NtStatus GetDiskFreeSpace(out ulong freeBytesAvailable, out ulong totalNumberOfBytes, out ulong totalNumberOfFreeBytes, ref DokanFileInfo info);

    // volumeName and fileSystemName are zeroed native buffers one char shorter than Dokan's, so whatever fits
    // stays NUL-terminated. Keep the label to 32 chars; use "NTFS" as file system name (Windows keys features on it).
    NtStatus GetVolumeInformation(
        Span<char> volumeName, out uint volumeSerialNumber, out uint maximumComponentLength,
        out FileSystemFeatures features, Span<char> fileSystemName, ref DokanFileInfo info);

    // With MountManager the actual mount point may differ from the requested one.
    NtStatus Mounted(ReadOnlySpan<char> mountPoint, ref DokanFileInfo info) => NtStatus.Success;

    NtStatus Unmounted(ref DokanFileInfo info) => NtStatus.Success;

    // NotImplemented makes dokan2.dll synthesize a descriptor (owner = current user, Authenticated Users full
    // access). Any other error breaks Explorer copies and running executables from the volume.
    NtStatus GetFileSecurity(
        ReadOnlySpan<char> fileName, uint securityInformation, Span<byte> securityDescriptor, out uint lengthNeeded,
        ref DokanFileInfo info)
    {
        lengthNeeded = 0;
        return NtStatus.NotImplemented;
    }

    NtStatus SetFileSecurity(ReadOnlySpan<char> fileName, uint securityInformation, ReadOnlySpan<byte> securityDescriptor, ref DokanFileInfo info) =>
        NtStatus.NotImplemented;

    // Only called with DokanOptionFlags.AltStream.
    NtStatus FindStreams(ReadOnlySpan<char> fileName, FindStreamSink fill, ref DokanFileInfo info) => NtStatus.NotImplemented;

    // A callback threw; the binding has already turned it into STATUS_UNEXPECTED_IO_ERROR. For logging only.
    void OnCallbackException(string callback, Exception exception)
    {
    }
}
