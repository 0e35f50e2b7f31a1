// The thin bridge from Dokan callbacks to the union engine: in-volume paths in, NTSTATUS out. Every union decision
// (copy-up, whiteouts, redirects, inode numbers) is the engine's; this file resolves paths and opens, and
// translates Windows create semantics (dispositions, directory options, delete-on-close).
// Lock order: OpenHandles' table lock, then an OpenHandle's Gate; the engine takes its own lock inside each call.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter(UnionFileSystem union, UnionDokanOptions options) : IDokanFileSystem
{
    // New entries: rw-r--r-- and rwxr-xr-x; FILE_ATTRIBUTE_READONLY at create drops the write bits.
    private const uint FilePermissions = 0x1A4;
    private const uint DirectoryPermissions = 0x1ED;
    private const uint WriteBits = 0x92;

    private const NtAccessMask ReadAccess =
        NtAccessMask.ReadData | NtAccessMask.Execute | NtAccessMask.GenericRead | NtAccessMask.GenericExecute |
        NtAccessMask.GenericAll | NtAccessMask.MaximumAllowed;

    private const NtAccessMask WriteAccess =
        NtAccessMask.WriteData | NtAccessMask.AppendData | NtAccessMask.GenericWrite | NtAccessMask.GenericAll;

    private readonly OpenHandles _handles = new();

    public UnionDokanAdapter(UnionFileSystem union)
        : this(union, new UnionDokanOptions())
    {
    }

    // Opens that have not seen CloseFile yet (each holds one engine lookup reference).
    public int OpenCount => _handles.Count;

    // Where Dokan actually mounted the volume (with the mount manager it may differ from the request).
    public string? MountPoint { get; private set; }

    public NtStatus ZwCreateFile(
        ReadOnlySpan<char> fileName, NtAccessMask desiredAccess, FileAttributes fileAttributes, FileShare shareAccess,
        NtCreateDisposition createDisposition, NtCreateOptions createOptions, ref DokanFileInfo info)
    {
        var wantsDirectory = (createOptions & NtCreateOptions.DirectoryFile) != 0;
        var wantsFile = (createOptions & NtCreateOptions.NonDirectoryFile) != 0;
        if (wantsDirectory && wantsFile)
        {
            return NtStatus.InvalidParameter;
        }

        if (wantsDirectory && createDisposition is not (NtCreateDisposition.Open or NtCreateDisposition.Create or NtCreateDisposition.OpenIf))
        {
            return NtStatus.InvalidParameter;
        }

        var status = ResolveParent(fileName, out var parentId, out var name);
        if (status != NtStatus.Success)
        {
            return status;
        }

        try
        {
            // A create can lose a race with another create of the same name; the "-if" forms then open it.
            for (var attempt = 0; ; attempt++)
            {
                var isRoot = name.Length == 0;
                ulong id = UnionFileSystem.RootId;
                EntryAttributes attributes;
                var error = isRoot
                    ? union.GetAttributes(id, out attributes)
                    : union.Lookup(parentId, name, out id, out attributes);
                if (error == FsError.None)
                {
                    return OpenExisting(id, attributes, isRoot, desiredAccess, createDisposition, createOptions, ref info);
                }

                if (error != FsError.NotFound)
                {
                    return StatusMap.From(error);
                }

                status = CreateNew(parentId, name, fileAttributes, createDisposition, createOptions, ref info);
                if (status != NtStatus.ObjectNameCollision || createDisposition == NtCreateDisposition.Create || attempt > 0)
                {
                    return status;
                }
            }
        }
        finally
        {
            union.Forget(parentId, 1);
        }
    }

    public void Cleanup(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null || !info.DeletePending)
        {
            return;
        }

        // Everything that could refuse the delete was checked in DeleteFile/DeleteDirectory or at a
        // delete-on-close create; Cleanup cannot fail. The engine writes the whiteout a lower layer needs.
        _handles.MarkDeleted(handle.NodeId);
        if (ResolveParent(fileName, out var parentId, out var name) != NtStatus.Success)
        {
            return;
        }

        var error = union.Remove(parentId, name, handle.IsDirectory);
        union.Forget(parentId, 1);
        if (error != FsError.None)
        {
            options.Trace?.Invoke($"cleanup: delete of {fileName} failed: {error}");
        }
    }

    public void CloseFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        var handle = _handles.Remove(info.Context);
        info.Context = 0;
        if (handle is null)
        {
            return;
        }

        handle.CloseFile();
        union.Forget(handle.NodeId, 1);
    }

    // Takes over the lookup reference on id: it moves into the handle, or is returned when the open fails.
    private NtStatus OpenExisting(
        ulong id, in EntryAttributes attributes, bool isRoot, NtAccessMask access, NtCreateDisposition disposition,
        NtCreateOptions createOptions, ref DokanFileInfo info)
    {
        var status = CheckOpen(id, attributes, isRoot, access, disposition, createOptions);
        var handle = new OpenHandle(id, attributes.IsDirectory);
        if (status == NtStatus.Success)
        {
            status = OpenData(handle, attributes, access, disposition);
        }

        if (status != NtStatus.Success)
        {
            // A failed create gets no CloseFile: give everything back now.
            handle.CloseFile();
            union.Forget(id, 1);
            return status;
        }

        info.IsDirectory = attributes.IsDirectory;
        info.Context = _handles.Add(handle);
        if (handle.File is { InUpper: true } file && file.Mode.CanWrite())
        {
            _handles.MarkStale(id, handle);
        }

        // For the "-if" forms and supersede, COLLISION tells dokan2.dll "opened an existing file" (FILE_OPENED).
        return disposition is NtCreateDisposition.OpenIf or NtCreateDisposition.OverwriteIf or NtCreateDisposition.Supersede
            ? NtStatus.ObjectNameCollision
            : NtStatus.Success;
    }

    // What Windows refuses before any data moves: directory/file mismatches, overwriting directories, writing
    // read-only files, and delete-on-close on something that could not be deleted at Cleanup.
    private NtStatus CheckOpen(
        ulong id, in EntryAttributes attributes, bool isRoot, NtAccessMask access, NtCreateDisposition disposition,
        NtCreateOptions createOptions)
    {
        if (disposition == NtCreateDisposition.Create)
        {
            return NtStatus.ObjectNameCollision;
        }

        var deleteOnClose = (createOptions & NtCreateOptions.DeleteOnClose) != 0;
        var overwrite = disposition is NtCreateDisposition.Overwrite or NtCreateDisposition.OverwriteIf or NtCreateDisposition.Supersede;
        if (attributes.IsDirectory)
        {
            if ((createOptions & NtCreateOptions.NonDirectoryFile) != 0)
            {
                return NtStatus.FileIsADirectory;
            }

            if (overwrite)
            {
                return NtStatus.FileIsADirectory;
            }

            if (deleteOnClose)
            {
                if (isRoot)
                {
                    return NtStatus.CannotDelete;
                }

                return union.IsReadOnly ? NtStatus.MediaWriteProtected : CheckEmpty(id);
            }

            return NtStatus.Success;
        }

        if ((createOptions & NtCreateOptions.DirectoryFile) != 0)
        {
            return NtStatus.NotADirectory;
        }

        var readOnlyFile = IsReadOnlyFile(attributes);
        if (deleteOnClose)
        {
            if (union.IsReadOnly)
            {
                return NtStatus.MediaWriteProtected;
            }

            if (readOnlyFile)
            {
                return NtStatus.CannotDelete;
            }
        }

        if ((overwrite || (access & WriteAccess) != 0) && (union.IsReadOnly || readOnlyFile))
        {
            return union.IsReadOnly ? NtStatus.MediaWriteProtected : NtStatus.AccessDenied;
        }

        return NtStatus.Success;
    }

    // A directory can be deleted only when the merged view shows nothing in it (lower entries count).
    private NtStatus CheckEmpty(ulong id)
    {
        var error = union.ReadDirectory(id, out var listing);
        return error != FsError.None ? StatusMap.From(error)
            : listing!.Entries.Count > 0 ? NtStatus.DirectoryNotEmpty
            : NtStatus.Success;
    }

    private NtStatus CreateNew(
        ulong parentId, string name, FileAttributes fileAttributes, NtCreateDisposition disposition, NtCreateOptions createOptions,
        ref DokanFileInfo info)
    {
        if (disposition is NtCreateDisposition.Open or NtCreateDisposition.Overwrite)
        {
            return NtStatus.ObjectNameNotFound;
        }

        if (union.IsReadOnly)
        {
            return NtStatus.MediaWriteProtected;
        }

        var caller = options.Caller;
        ulong id;
        OpenFile? file = null;
        FsError error;
        var directory = (createOptions & NtCreateOptions.DirectoryFile) != 0;
        if (directory)
        {
            error = union.CreateDirectory(parentId, name, DirectoryPermissions, caller, out id, out _);
        }
        else
        {
            var permissions = (fileAttributes & FileAttributes.ReadOnly) != 0 ? FilePermissions & ~WriteBits : FilePermissions;
            error = union.CreateFile(parentId, name, OpenMode.ReadWrite, permissions, caller, out id, out _, out file);
        }

        if (error != FsError.None)
        {
            return error == FsError.InvalidArgument && WindowsNames.IsReservedByWhiteouts(name)
                ? NtStatus.ObjectNameInvalid
                : StatusMap.From(error);
        }

        var handle = new OpenHandle(id, directory) { File = file };
        info.IsDirectory = directory;
        info.Context = _handles.Add(handle);
        return NtStatus.Success;
    }

    // Data access decides the engine open: an overwrite copies the file up (without data) and truncates it;
    // any other open reads where the file is, and the first write copies it up.
    private NtStatus OpenData(OpenHandle handle, in EntryAttributes attributes, NtAccessMask access, NtCreateDisposition disposition)
    {
        if (attributes.IsDirectory)
        {
            return NtStatus.Success;
        }

        var overwrite = disposition is NtCreateDisposition.Overwrite or NtCreateDisposition.OverwriteIf or NtCreateDisposition.Supersede;
        var write = overwrite || (access & WriteAccess) != 0;
        if (attributes.Kind == FileKind.Symlink)
        {
            if (write)
            {
                return NtStatus.AccessDenied;
            }

            var error = union.ReadLink(handle.NodeId, out var target);
            handle.LinkTarget = System.Text.Encoding.UTF8.GetBytes(target ?? "");
            return StatusMap.From(error);
        }

        if (!write && (access & ReadAccess) == 0)
        {
            return NtStatus.Success;
        }

        // Windows programs often ask for write access and only read: the copy-up waits for the first change
        // (Writable), unless the create itself truncates.
        var mode = overwrite ? OpenMode.ReadWrite | OpenMode.Truncate : OpenMode.ReadOnly;
        var opened = union.Open(handle.NodeId, mode, out var file);
        handle.File = file;
        return StatusMap.From(opened);
    }

    private static bool IsReadOnlyFile(in EntryAttributes attributes) =>
        !attributes.IsDirectory && (attributes.Mode & 0x80) == 0;
}
