// A scriptable IDokanFileSystem for the callback tests: records what the binding passed in and answers with
// configured values. Optional callbacks are left to the interface defaults on purpose.
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Dokan;

internal class FakeFileSystem : IDokanFileSystem
{
    public List<string> Calls { get; } = [];

    public string? LastName { get; private set; }

    public string? LastSecondName { get; private set; }

    public object?[] LastArgs { get; private set; } = [];

    public bool SawDeletePending { get; private set; }

    public bool SawPagingIo { get; private set; }

    public bool SawWriteToEndOfFile { get; private set; }

    public byte[] Written { get; private set; } = [];

    public (string Callback, Exception Exception)? Reported { get; private set; }

    // Configuration.
    public Exception? Throw { get; set; }

    public NtStatus Result { get; set; } = NtStatus.Success;

    public bool SetDirectory { get; set; }

    public ulong ContextToSet { get; set; }

    public byte[] ReadData { get; set; } = [];

    public FileInformation Information { get; set; }

    public List<(string Name, FileInformation Info)> Entries { get; } = [];

    public bool StoppedByFullBuffer { get; private set; }

    public string VolumeLabel { get; set; } = "Union";

    public NtStatus ZwCreateFile(
        ReadOnlySpan<char> fileName, NtAccessMask desiredAccess, FileAttributes fileAttributes, FileShare shareAccess,
        NtCreateDisposition createDisposition, NtCreateOptions createOptions, ref DokanFileInfo info)
    {
        Record(nameof(ZwCreateFile), fileName, ref info, desiredAccess, fileAttributes, shareAccess, createDisposition, createOptions);
        if (SetDirectory)
        {
            info.IsDirectory = true;
        }

        info.Context = ContextToSet;
        return Result;
    }

    public void Cleanup(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => Record(nameof(Cleanup), fileName, ref info);

    public void CloseFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        Record(nameof(CloseFile), fileName, ref info, info.Context);
        info.Context = 0;
    }

    public NtStatus ReadFile(ReadOnlySpan<char> fileName, Span<byte> buffer, out int bytesRead, long offset, ref DokanFileInfo info)
    {
        Record(nameof(ReadFile), fileName, ref info, buffer.Length, offset);
        bytesRead = Math.Min(ReadData.Length, buffer.Length);
        ReadData.AsSpan(0, bytesRead).CopyTo(buffer);
        return Result;
    }

    public NtStatus WriteFile(ReadOnlySpan<char> fileName, ReadOnlySpan<byte> buffer, out int bytesWritten, long offset, ref DokanFileInfo info)
    {
        Record(nameof(WriteFile), fileName, ref info, offset);
        Written = buffer.ToArray();
        bytesWritten = buffer.Length;
        return Result;
    }

    public NtStatus FlushFileBuffers(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => Answer(nameof(FlushFileBuffers), fileName, ref info);

    public NtStatus GetFileInformation(ReadOnlySpan<char> fileName, out FileInformation information, ref DokanFileInfo info)
    {
        Record(nameof(GetFileInformation), fileName, ref info);
        information = Information;
        return Result;
    }

    public NtStatus FindFiles(ReadOnlySpan<char> fileName, FindDataSink fill, ref DokanFileInfo info)
    {
        Record(nameof(FindFiles), fileName, ref info);
        foreach (var (name, entry) in Entries)
        {
            if (!fill.Add(name, entry))
            {
                StoppedByFullBuffer = true;
                break;
            }
        }

        return Result;
    }

    public NtStatus SetFileAttributes(ReadOnlySpan<char> fileName, FileAttributes attributes, ref DokanFileInfo info) =>
        Answer(nameof(SetFileAttributes), fileName, ref info, attributes);

    public NtStatus SetFileTime(ReadOnlySpan<char> fileName, long creationTime, long lastAccessTime, long lastWriteTime, ref DokanFileInfo info) =>
        Answer(nameof(SetFileTime), fileName, ref info, creationTime, lastAccessTime, lastWriteTime);

    public NtStatus DeleteFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => Answer(nameof(DeleteFile), fileName, ref info);

    public NtStatus DeleteDirectory(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => Answer(nameof(DeleteDirectory), fileName, ref info);

    public NtStatus MoveFile(ReadOnlySpan<char> fileName, ReadOnlySpan<char> newFileName, bool replaceIfExisting, ref DokanFileInfo info)
    {
        LastSecondName = newFileName.ToString();
        return Answer(nameof(MoveFile), fileName, ref info, replaceIfExisting);
    }

    public NtStatus SetEndOfFile(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) =>
        Answer(nameof(SetEndOfFile), fileName, ref info, length);

    public NtStatus SetAllocationSize(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) =>
        Answer(nameof(SetAllocationSize), fileName, ref info, length);

    public NtStatus GetDiskFreeSpace(out ulong freeBytesAvailable, out ulong totalNumberOfBytes, out ulong totalNumberOfFreeBytes, ref DokanFileInfo info)
    {
        Record(nameof(GetDiskFreeSpace), default, ref info);
        freeBytesAvailable = 1000;
        totalNumberOfBytes = 5_000_000_000;
        totalNumberOfFreeBytes = 2000;
        return Result;
    }

    public NtStatus GetVolumeInformation(
        Span<char> volumeName, out uint volumeSerialNumber, out uint maximumComponentLength,
        out FileSystemFeatures features, Span<char> fileSystemName, ref DokanFileInfo info)
    {
        Record(nameof(GetVolumeInformation), default, ref info, volumeName.Length, fileSystemName.Length);
        VolumeLabel.AsSpan().CopyTo(volumeName);
        "NTFS".AsSpan().CopyTo(fileSystemName);
        volumeSerialNumber = 0x19831116;
        maximumComponentLength = 255;
        features = FileSystemFeatures.CasePreservedNames | FileSystemFeatures.UnicodeOnDisk;
        return Result;
    }

    public NtStatus Mounted(ReadOnlySpan<char> mountPoint, ref DokanFileInfo info) => Answer(nameof(Mounted), mountPoint, ref info);

    public void OnCallbackException(string callback, Exception exception) => Reported = (callback, exception);

    private NtStatus Answer(string callback, ReadOnlySpan<char> name, ref DokanFileInfo info, params object?[] args)
    {
        Record(callback, name, ref info, args);
        return Result;
    }

    private void Record(string callback, ReadOnlySpan<char> name, ref DokanFileInfo info, params object?[] args)
    {
        Calls.Add(callback);
        LastName = name.ToString();
        LastArgs = args;
        SawDeletePending = info.DeletePending;
        SawPagingIo = info.PagingIo;
        SawWriteToEndOfFile = info.WriteToEndOfFile;
        if (Throw is not null)
        {
            throw Throw;
        }
    }
}
