// Deletes and renames. A delete is two-phase on Windows: DeleteFile/DeleteDirectory only check (and must catch
// everything that could fail), Cleanup of the last handle deletes. Renames go straight to the engine, which copies
// up, leaves whiteouts and redirects renamed lower directories.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    public NtStatus DeleteFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (!info.DeletePending)
        {
            return NtStatus.Success;
        }

        if (handle.IsDirectory)
        {
            return NtStatus.AccessDenied;
        }

        if (UpperWriteProtected())
        {
            return NtStatus.MediaWriteProtected;
        }

        var error = union.GetAttributes(handle.NodeId, out var attributes);
        return error != FsError.None ? StatusMap.From(error)
            : IsReadOnlyFile(attributes) ? NtStatus.CannotDelete
            : NtStatus.Success;
    }

    /// <summary>
    /// Cleanup cannot report a failure, so the check must: no upper, or an upper whose filesystem is mounted
    /// read-only, would refuse the whiteout or the unlink.
    /// </summary>
    private bool UpperWriteProtected() =>
        union.IsReadOnly || (union.StatFs(out var statistics) == FsError.None && statistics.ReadOnly);

    public NtStatus DeleteDirectory(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (!info.DeletePending)
        {
            return NtStatus.Success;
        }

        if (!handle.IsDirectory)
        {
            return NtStatus.NotADirectory;
        }

        if (handle.NodeId == UnionFileSystem.RootId)
        {
            return NtStatus.AccessDenied;
        }

        return UpperWriteProtected() ? NtStatus.MediaWriteProtected : CheckEmpty(handle.NodeId);
    }

    public NtStatus MoveFile(ReadOnlySpan<char> fileName, ReadOnlySpan<char> newFileName, bool replaceIfExisting, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (union.IsReadOnly)
        {
            return NtStatus.MediaWriteProtected;
        }

        var status = ResolveParent(fileName, out var parentId, out var name);
        if (status != NtStatus.Success)
        {
            return status;
        }

        status = ResolveParent(newFileName, out var newParentId, out var newName);
        if (status != NtStatus.Success)
        {
            union.Forget(parentId, 1);
            return status;
        }

        try
        {
            if (name.Length == 0 || newName.Length == 0)
            {
                return NtStatus.AccessDenied;
            }

            return Move(handle, parentId, name, newParentId, newName, replaceIfExisting);
        }
        finally
        {
            union.Forget(parentId, 1);
            union.Forget(newParentId, 1);
        }
    }

    private NtStatus Move(OpenHandle source, ulong parentId, string name, ulong newParentId, string newName, bool replace)
    {
        if (parentId == newParentId && name == newName)
        {
            return NtStatus.Success;
        }

        var error = union.Lookup(newParentId, newName, out var targetId, out var target);
        // A case-only rename on a case-insensitive union finds the source itself under the new name: a respelling.
        var respell = error == FsError.None && targetId == source.NodeId;
        if (error == FsError.None)
        {
            union.Forget(targetId, 1);
            if (!respell)
            {
                if (!replace)
                {
                    return NtStatus.ObjectNameCollision;
                }

                if (target.IsDirectory || IsReadOnlyFile(target))
                {
                    return NtStatus.AccessDenied;
                }
            }
        }
        else if (error != FsError.NotFound)
        {
            return StatusMap.From(error);
        }

        error = union.Rename(parentId, name, newParentId, newName, replace || respell ? RenameFlags.None : RenameFlags.NoReplace);
        return error == FsError.InvalidArgument && WindowsNames.IsReservedByWhiteouts(newName)
            ? NtStatus.ObjectNameInvalid
            : StatusMap.From(error);
    }
}
