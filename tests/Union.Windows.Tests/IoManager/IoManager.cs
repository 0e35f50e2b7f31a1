// A small managed model of what stands between a Windows program and the filesystem: the I/O manager's handle
// table, one file control block per open name (share access, delete-pending, open count), the Cleanup/Close
// order with mapped views that outlive their handle, and dokan2.dll's calls into the DOKAN_OPERATIONS table,
// made exactly as the library makes them (UTF-16 strings, one native DOKAN_FILE_INFO per open, function pointers).
// The Win32 calls (Win32Api.cs) are built from these NT-level primitives and answer Win32 error codes.
using System.Runtime.InteropServices;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;
using Union.Windows.Tests.Dokan;

namespace Union.Windows.Tests.IoManager;

internal unsafe delegate int HandleCall(DOKAN_OPERATIONS* ops, char* fileName, DOKAN_FILE_INFO* info);

internal sealed unsafe partial class IoManager : IDisposable
{
    private readonly GCHandle fileSystem;
    private readonly DOKAN_OPTIONS* options;
    private readonly DOKAN_OPERATIONS* ops;
    private readonly Dictionary<string, Fcb> fcbs;
    private readonly Dictionary<int, Ccb> handles = [];
    private int nextHandle = 4;

    public IoManager(IDokanFileSystem fs, bool caseInsensitive)
    {
        CaseInsensitive = caseInsensitive;
        fcbs = new Dictionary<string, Fcb>(caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        fileSystem = GCHandle.Alloc(fs);
        options = (DOKAN_OPTIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPTIONS));
        options->GlobalContext = (ulong)GCHandle.ToIntPtr(fileSystem);
        ops = (DOKAN_OPERATIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPERATIONS));
        *ops = DokanCallbacks.CreateOperations();
    }

    // Dokan without DOKAN_OPTION_CASE_SENSITIVE keys its FCBs case-insensitively.
    public bool CaseInsensitive { get; }

    // Handles whose CloseFile has not been sent yet (open, or kept by a mapped view).
    public int LiveContexts => handles.Count;

    // The information dokan2.dll derived from the last successful create (FILE_OPENED when COLLISION came back).
    public bool LastCreateOpenedExisting { get; private set; }

    // ZwCreateFile as the I/O manager and dokan2.sys see it: the FCB checks first, then the filesystem;
    // COLLISION from an "-if" disposition means "opened".
    public NtStatus NtCreate(
        string path, NtAccessMask access, FileShare share, NtCreateDisposition disposition, NtCreateOptions createOptions,
        FileAttributes attributes, out int handle)
    {
        handle = 0;
        // dokan2.sys order (sys/create.c): FILE_CREATE on an open name collides at once; otherwise a
        // delete-pending name refuses, then share access is checked, all before the filesystem is asked.
        if (fcbs.TryGetValue(path, out var fcb) && fcb.OpenCount > 0)
        {
            if (disposition == NtCreateDisposition.Create)
            {
                return NtStatus.ObjectNameCollision;
            }

            if (fcb.DeletePending)
            {
                return NtStatus.DeletePending;
            }

            if (!fcb.Share.Check(access, share))
            {
                return NtStatus.SharingViolation;
            }
        }

        var info = (DOKAN_FILE_INFO*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_FILE_INFO));
        info->DokanOptions = options;
        info->ProcessId = 4242;
        info->IsDirectory = (createOptions & NtCreateOptions.DirectoryFile) != 0 ? (byte)1 : (byte)0;
        NtStatus status;
        using (var name = new NativeString(path))
        {
            status = Status(ops->ZwCreateFile(
                name.Pointer, null, (uint)access, (uint)attributes, (uint)share, (uint)disposition, (uint)createOptions, info));
        }

        var opened = status == NtStatus.ObjectNameCollision &&
            disposition is NtCreateDisposition.OpenIf or NtCreateDisposition.OverwriteIf or NtCreateDisposition.Supersede;
        if (status != NtStatus.Success && !opened)
        {
            // A failed create gets no Cleanup or CloseFile.
            NativeMemory.Free(info);
            return status;
        }

        LastCreateOpenedExisting = opened || disposition == NtCreateDisposition.Open;
        if (fcb is null)
        {
            fcb = new Fcb(path);
            fcbs.Add(path, fcb);
        }

        fcb.OpenCount++;
        fcb.Share.Update(access, share, +1);
        handle = nextHandle += 4;
        handles.Add(handle, new Ccb(fcb, info, access, share, (createOptions & NtCreateOptions.DeleteOnClose) != 0));
        return NtStatus.Success;
    }

    // CloseHandle: Cleanup now (DeletePending on the last handle of a delete-pending name), CloseFile now or,
    // when a mapped view still holds the file object, when the last view goes.
    public NtStatus Close(int handle)
    {
        if (!handles.TryGetValue(handle, out var ccb) || ccb.CleanedUp)
        {
            return NtStatus.InvalidHandle;
        }

        var fcb = ccb.Fcb;
        ccb.CleanedUp = true;
        fcb.OpenCount--;
        fcb.Share.Update(ccb.Access, ccb.Share, -1);
        if (ccb.DeleteOnClose)
        {
            fcb.DeletePending = true;
        }

        var delete = fcb.DeletePending && fcb.OpenCount == 0;
        ccb.Info->DeletePending = delete ? (byte)1 : (byte)0;
        using (var name = new NativeString(fcb.Path))
        {
            ops->Cleanup(name.Pointer, ccb.Info);
        }

        ccb.Info->DeletePending = 0;
        if (fcb.OpenCount == 0)
        {
            fcbs.Remove(fcb.Path);
        }

        if (ccb.MappedViews == 0)
        {
            SendClose(handle, ccb);
        }

        return NtStatus.Success;
    }

    // FileDispositionInformation: dokan2.dll refuses READONLY itself (through GetFileInformation), then asks the
    // filesystem to check; only then is the name delete-pending.
    public NtStatus SetDisposition(int handle, bool delete)
    {
        var ccb = Open(handle);
        if ((ccb.Access & NtAccessMask.Delete) == 0)
        {
            return NtStatus.AccessDenied;
        }

        if (delete)
        {
            var status = GetInformation(handle, out var information);
            if (status != NtStatus.Success)
            {
                return status;
            }

            if ((information.dwFileAttributes & (uint)FileAttributes.ReadOnly) != 0)
            {
                return NtStatus.CannotDelete;
            }
        }

        ccb.Info->DeletePending = delete ? (byte)1 : (byte)0;
        using var name = new NativeString(ccb.Fcb.Path);
        var result = Status(ccb.Info->IsDirectory != 0
            ? ops->DeleteDirectory(name.Pointer, ccb.Info)
            : ops->DeleteFile(name.Pointer, ccb.Info));
        ccb.Info->DeletePending = 0;
        if (result == NtStatus.Success)
        {
            ccb.Fcb.DeletePending = delete;
        }

        return result;
    }

    // FileRenameInformation on an open handle. Like NTFS, a name that is open elsewhere cannot be replaced.
    public NtStatus Rename(int handle, string newPath, bool replace)
    {
        var ccb = Open(handle);
        if ((ccb.Access & NtAccessMask.Delete) == 0)
        {
            return NtStatus.AccessDenied;
        }

        var sameName = string.Equals(newPath, ccb.Fcb.Path, CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
        if (!sameName && fcbs.TryGetValue(newPath, out var existing) && existing.OpenCount > 0)
        {
            return replace ? NtStatus.AccessDenied : NtStatus.ObjectNameCollision;
        }

        using var source = new NativeString(ccb.Fcb.Path);
        using var target = new NativeString(newPath);
        var status = Status(ops->MoveFile(source.Pointer, target.Pointer, replace ? 1 : 0, ccb.Info));
        if (status == NtStatus.Success)
        {
            fcbs.Remove(ccb.Fcb.Path);
            ccb.Fcb.Path = newPath;
            fcbs[newPath] = ccb.Fcb;
        }

        return status;
    }

    public NtStatus Read(int handle, long offset, byte[] buffer, out int read, bool pagingIo = false)
    {
        var ccb = pagingIo ? Mapped(handle) : Open(handle);
        uint length = 0;
        ccb.Info->PagingIo = pagingIo ? (byte)1 : (byte)0;
        using var name = new NativeString(ccb.Fcb.Path);
        fixed (byte* bytes = buffer)
        {
            var status = Status(ops->ReadFile(name.Pointer, bytes, (uint)buffer.Length, &length, offset, ccb.Info));
            ccb.Info->PagingIo = 0;
            read = (int)length;
            return status;
        }
    }

    public NtStatus Write(int handle, long offset, byte[] data, out int written, bool pagingIo = false, bool toEnd = false)
    {
        var ccb = pagingIo ? Mapped(handle) : Open(handle);
        uint length = 0;
        ccb.Info->PagingIo = pagingIo ? (byte)1 : (byte)0;
        ccb.Info->WriteToEndOfFile = toEnd ? (byte)1 : (byte)0;
        using var name = new NativeString(ccb.Fcb.Path);
        fixed (byte* bytes = data)
        {
            var status = Status(ops->WriteFile(name.Pointer, bytes, (uint)data.Length, &length, offset, ccb.Info));
            ccb.Info->PagingIo = 0;
            ccb.Info->WriteToEndOfFile = 0;
            written = (int)length;
            return status;
        }
    }

    public NtStatus GetInformation(int handle, out BY_HANDLE_FILE_INFORMATION information)
    {
        var ccb = Open(handle);
        using var name = new NativeString(ccb.Fcb.Path);
        BY_HANDLE_FILE_INFORMATION result = default;
        var status = Status(ops->GetFileInformation(name.Pointer, &result, ccb.Info));
        information = result;
        return status;
    }

    // Any other callback on an open handle: the slot gets the handle's current name and DOKAN_FILE_INFO.
    public NtStatus Invoke(int handle, HandleCall call)
    {
        var ccb = Open(handle);
        using var name = new NativeString(ccb.Fcb.Path);
        return Status(call(ops, name.Pointer, ccb.Info));
    }

    // A section mapped through the handle: the file object stays referenced after CloseHandle, and the memory
    // manager pages through it with PagingIo until the view goes.
    public void MapView(int handle) => Open(handle).MappedViews++;

    public void UnmapView(int handle)
    {
        var ccb = Mapped(handle);
        if (--ccb.MappedViews == 0 && ccb.CleanedUp)
        {
            SendClose(handle, ccb);
        }
    }

    public bool IsOpen(string path) => fcbs.ContainsKey(path);

    public bool IsDeletePending(string path) => fcbs.TryGetValue(path, out var fcb) && fcb.DeletePending;

    public void Dispose()
    {
        foreach (var (handle, ccb) in handles.ToArray())
        {
            if (!ccb.CleanedUp)
            {
                Close(handle);
            }

            if (handles.ContainsKey(handle))
            {
                ccb.MappedViews = 0;
                SendClose(handle, ccb);
            }
        }

        NativeMemory.Free(ops);
        NativeMemory.Free(options);
        fileSystem.Free();
    }

    private void SendClose(int handle, Ccb ccb)
    {
        using (var name = new NativeString(ccb.Fcb.Path))
        {
            ops->CloseFile(name.Pointer, ccb.Info);
        }

        NativeMemory.Free(ccb.Info);
        handles.Remove(handle);
    }

    private Ccb Open(int handle) =>
        handles.TryGetValue(handle, out var ccb) && !ccb.CleanedUp ? ccb : throw new InvalidOperationException($"handle {handle} is not open");

    private Ccb Mapped(int handle) =>
        handles.TryGetValue(handle, out var ccb) ? ccb : throw new InvalidOperationException($"handle {handle} has no file object");

    private static NtStatus Status(int result) => NativeCaller.Status(result);

    // One open name: the kernel's FCB.
    private sealed class Fcb(string path)
    {
        public string Path { get; set; } = path;

        public int OpenCount { get; set; }

        public bool DeletePending { get; set; }

        public ShareAccess Share { get; } = new();
    }

    // One open: the kernel's CCB/file object with dokan2.dll's DOKAN_FILE_INFO.
    private sealed class Ccb(Fcb fcb, DOKAN_FILE_INFO* info, NtAccessMask access, FileShare share, bool deleteOnClose)
    {
        public Fcb Fcb { get; } = fcb;

        public DOKAN_FILE_INFO* Info { get; } = info;

        public NtAccessMask Access { get; } = access;

        public FileShare Share { get; } = share;

        public bool DeleteOnClose { get; } = deleteOnClose;

        public bool CleanedUp { get; set; }

        public int MappedViews { get; set; }
    }
}
