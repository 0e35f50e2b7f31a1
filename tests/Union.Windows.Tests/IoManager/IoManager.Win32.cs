// kernel32 on top of the model: each Win32 call is the NT sequence Windows issues for it, and answers the Win32
// error a program would get from GetLastError (0 on success).
using System.Runtime.InteropServices;
using System.Text;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;
using Union.Windows.Tests.Dokan;

namespace Union.Windows.Tests.IoManager;

internal sealed record FindEntry(string Name, FileAttributes Attributes, long Size);

internal sealed unsafe partial class IoManager
{
    public const uint GENERIC_READ = 0x80000000;
    public const uint GENERIC_WRITE = 0x40000000;
    public const uint GENERIC_ALL = 0x10000000;
    public const uint DELETE = 0x00010000;
    public const uint FILE_APPEND_DATA = 0x4;
    public const uint FILE_READ_ATTRIBUTES = 0x80;
    public const uint FILE_WRITE_ATTRIBUTES = 0x100;
    public const uint FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
    public const uint FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
    public const FileShare ShareAll = FileShare.Read | FileShare.Write | FileShare.Delete;

    private readonly Dictionary<int, long> positions = [];

    // GetLastError after a CreateFile that succeeded: ERROR_ALREADY_EXISTS when OPEN_ALWAYS/CREATE_ALWAYS found the file.
    public uint LastError { get; private set; }

    public uint CreateFile(string path, uint access, FileShare share, Win32CreationDisposition creation, uint flagsAndAttributes, out int handle)
    {
        var ntAccess = MapGeneric(access) | NtAccessMask.Synchronize | NtAccessMask.ReadAttributes;
        var options = NtCreateOptions.SynchronousIoNonAlert;
        if ((flagsAndAttributes & FILE_FLAG_BACKUP_SEMANTICS) == 0)
        {
            options |= NtCreateOptions.NonDirectoryFile;
        }

        if ((flagsAndAttributes & FILE_FLAG_DELETE_ON_CLOSE) != 0)
        {
            options |= NtCreateOptions.DeleteOnClose;
            ntAccess |= NtAccessMask.Delete;
        }

        var disposition = creation switch
        {
            Win32CreationDisposition.CreateNew => NtCreateDisposition.Create,
            Win32CreationDisposition.CreateAlways => NtCreateDisposition.OverwriteIf,
            Win32CreationDisposition.OpenExisting => NtCreateDisposition.Open,
            Win32CreationDisposition.OpenAlways => NtCreateDisposition.OpenIf,
            _ => NtCreateDisposition.Overwrite,
        };
        var status = NtCreate(path, ntAccess, share, disposition, options, (FileAttributes)(flagsAndAttributes & 0xFFFF), out handle);
        if (status != NtStatus.Success)
        {
            // CreateFileW reports an existing name under CREATE_NEW as ERROR_FILE_EXISTS.
            return status == NtStatus.ObjectNameCollision ? Win32Error.FileExists : Win32Error.From(status);
        }

        positions[handle] = 0;
        LastError = LastCreateOpenedExisting && creation is Win32CreationDisposition.OpenAlways or Win32CreationDisposition.CreateAlways
            ? Win32Error.AlreadyExists
            : Win32Error.Success;
        return Win32Error.Success;
    }

    public uint CloseHandle(int handle)
    {
        positions.Remove(handle);
        return Win32Error.From(Close(handle));
    }

    // ReadFile at the handle's position; 0 bytes at the end of file is success, as for a synchronous handle.
    public uint ReadFile(int handle, byte[] buffer, out int read)
    {
        var status = Read(handle, positions[handle], buffer, out read);
        positions[handle] += read;
        return Win32Error.From(status);
    }

    // A handle opened with FILE_APPEND_DATA but not FILE_WRITE_DATA always writes at the end (WriteToEndOfFile).
    public uint WriteFile(int handle, byte[] data, bool append = false)
    {
        var status = Write(handle, append ? -1 : positions[handle], data, out var written, toEnd: append);
        positions[handle] += written;
        return Win32Error.From(status);
    }

    public void SetFilePointer(int handle, long position) => positions[handle] = position;

    public uint SetEndOfFile(int handle)
    {
        var position = positions[handle];
        return Win32Error.From(Invoke(handle, (ops, name, info) => ops->SetEndOfFile(name, position, info)));
    }

    public uint FlushFileBuffers(int handle) => Win32Error.From(Invoke(handle, (ops, name, info) => ops->FlushFileBuffers(name, info)));

    public uint SetFileTime(int handle, long creation, long lastAccess, long lastWrite) =>
        Win32Error.From(Invoke(handle, (ops, name, info) =>
        {
            var c = new FILETIME(creation);
            var a = new FILETIME(lastAccess);
            var w = new FILETIME(lastWrite);
            return ops->SetFileTime(name, &c, &a, &w, info);
        }));

    public uint GetFileInformationByHandle(int handle, out BY_HANDLE_FILE_INFORMATION information) =>
        Win32Error.From(GetInformation(handle, out information));

    public uint CreateDirectory(string path)
    {
        var status = NtCreate(path, NtAccessMask.ReadData | NtAccessMask.Synchronize, FileShare.Read | FileShare.Write,
            NtCreateDisposition.Create, NtCreateOptions.DirectoryFile | NtCreateOptions.SynchronousIoNonAlert, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        return Win32Error.From(Close(handle));
    }

    public uint DeleteFile(string path) => DeleteByDisposition(path, NtCreateOptions.NonDirectoryFile);

    public uint RemoveDirectory(string path) => DeleteByDisposition(path, NtCreateOptions.DirectoryFile);

    public uint MoveFileEx(string source, string target, bool replaceExisting)
    {
        var status = NtCreate(source, NtAccessMask.Delete | NtAccessMask.Synchronize | NtAccessMask.ReadAttributes, ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.OpenForBackupIntent | NtCreateOptions.OpenReparsePoint, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        var renamed = Rename(handle, target, replaceExisting);
        Close(handle);
        return Win32Error.From(renamed);
    }

    public uint GetFileAttributes(string path, out FileAttributes attributes)
    {
        attributes = (FileAttributes)(-1);
        var status = NtCreate(path, NtAccessMask.ReadAttributes | NtAccessMask.Synchronize, ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.OpenForBackupIntent, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        status = GetInformation(handle, out var information);
        Close(handle);
        if (status == NtStatus.Success)
        {
            attributes = (FileAttributes)information.dwFileAttributes;
        }

        return Win32Error.From(status);
    }

    // FILE_ATTRIBUTE_NORMAL stands for "no attributes" in FILE_BASIC_INFORMATION, where 0 would mean "unchanged".
    public uint SetFileAttributes(string path, FileAttributes attributes)
    {
        var status = NtCreate(path, NtAccessMask.WriteAttributes | NtAccessMask.Synchronize, ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.OpenForBackupIntent, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        var value = attributes == 0 ? FileAttributes.Normal : attributes;
        status = Invoke(handle, (ops, name, info) => ops->SetFileAttributes(name, (uint)value, info));
        Close(handle);
        return Win32Error.From(status);
    }

    // FindFirstFileW/FindNextFileW to the end: the directory is opened for listing, the pattern goes to
    // FindFilesWithPattern (or, if that is not implemented, FindFiles plus DokanIsNameInExpression), and
    // dokan2.dll adds "." and ".." outside the root.
    public uint FindFiles(string pathAndPattern, out List<FindEntry> entries)
    {
        entries = [];
        var split = pathAndPattern.LastIndexOf('\\');
        var directory = split <= 0 ? "\\" : pathAndPattern[..split];
        var pattern = ToNtPattern(pathAndPattern[(split + 1)..]);
        var status = NtCreate(directory, NtAccessMask.ReadData | NtAccessMask.Synchronize, ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.DirectoryFile | NtCreateOptions.SynchronousIoNonAlert, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        FillRecorder.Reset();
        using (var native = new NativeString(pattern))
        {
            var patternPointer = native.Pointer;
            status = Invoke(handle, (ops, name, info) => ops->FindFilesWithPattern(name, patternPointer, FillRecorder.FindData, info));
        }

        var filter = status == NtStatus.NotImplemented;
        if (filter)
        {
            FillRecorder.Reset();
            status = Invoke(handle, (ops, name, info) => ops->FindFiles(name, FillRecorder.FindData, info));
        }

        Close(handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        if (directory != "\\")
        {
            foreach (var dot in new[] { ".", ".." })
            {
                if (DosWildcard.IsMatch(pattern, dot, CaseInsensitive))
                {
                    entries.Add(new FindEntry(dot, FileAttributes.Directory, 0));
                }
            }
        }

        foreach (var record in FillRecorder.Records)
        {
            var entry = Parse(record);
            if (!filter || DosWildcard.IsMatch(pattern, entry.Name, CaseInsensitive))
            {
                entries.Add(entry);
            }
        }

        return entries.Count == 0 ? Win32Error.FileNotFound : Win32Error.Success;
    }

    // What .NET's File.WriteAllBytes and PowerShell's Set-Content do: CREATE_ALWAYS for writing, one write, close.
    public uint WriteAllBytes(string path, byte[] data)
    {
        var error = CreateFile(path, GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.CreateAlways, 0, out var handle);
        if (error != Win32Error.Success)
        {
            return error;
        }

        error = WriteFile(handle, data);
        var closed = CloseHandle(handle);
        return error != Win32Error.Success ? error : closed;
    }

    public uint ReadAllText(string path, out string text)
    {
        text = "";
        var error = CreateFile(path, GENERIC_READ, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out var handle);
        if (error != Win32Error.Success)
        {
            return error;
        }

        var bytes = new List<byte>();
        var buffer = new byte[4096];
        while ((error = ReadFile(handle, buffer, out var read)) == Win32Error.Success && read > 0)
        {
            bytes.AddRange(buffer.AsSpan(0, read));
        }

        CloseHandle(handle);
        text = Encoding.UTF8.GetString(bytes.ToArray());
        return error;
    }

    // The I/O manager turns generic rights into the file-specific ones before the filesystem sees them.
    private static NtAccessMask MapGeneric(uint access)
    {
        var result = (NtAccessMask)(access & 0x0FFFFFFF);
        if ((access & GENERIC_READ) != 0) result |= NtAccessMask.FileGenericRead;
        if ((access & GENERIC_WRITE) != 0) result |= NtAccessMask.FileGenericWrite;
        if ((access & GENERIC_ALL) != 0) result |= NtAccessMask.FileAllAccess;
        return result;
    }

    // FindFirstFileW's rewrite of Win32 wildcards into the DOS forms the filesystem sees ("*.*" is everything).
    private static string ToNtPattern(string pattern)
    {
        if (pattern == "*.*")
        {
            return "*";
        }

        var result = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var next = i + 1 < pattern.Length ? pattern[i + 1] : '\0';
            result.Append(c switch
            {
                '?' => DosWildcard.DOS_QM,
                '*' when next == '.' => DosWildcard.DOS_STAR,
                '.' when next is '?' or '*' or '\0' => DosWildcard.DOS_DOT,
                _ => c,
            });
        }

        return result.ToString();
    }

    private static FindEntry Parse(byte[] record)
    {
        fixed (byte* p = record)
        {
            var data = (WIN32_FIND_DATAW*)p;
            var name = new string(data->cFileName);
            var size = ((long)data->nFileSizeHigh << 32) | data->nFileSizeLow;
            return new FindEntry(name, (FileAttributes)data->dwFileAttributes, size);
        }
    }

    private uint DeleteByDisposition(string path, NtCreateOptions kind)
    {
        var status = NtCreate(path, NtAccessMask.Delete | NtAccessMask.Synchronize | NtAccessMask.ReadAttributes, ShareAll,
            NtCreateDisposition.Open, kind | NtCreateOptions.OpenReparsePoint | NtCreateOptions.SynchronousIoNonAlert, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return Win32Error.From(status);
        }

        status = SetDisposition(handle, delete: true);
        Close(handle);
        return Win32Error.From(status);
    }
}
