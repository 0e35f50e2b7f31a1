// Attributes and times: GetFileInformation, SetFileAttributes, SetFileTime. Setting anything copies the entry up
// (the engine does it); a request that changes nothing touches nothing, so Explorer's copy does not copy up sources.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    public NtStatus GetFileInformation(ReadOnlySpan<char> fileName, out FileInformation information, ref DokanFileInfo info)
    {
        information = default;
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        var error = union.GetAttributes(handle.NodeId, out var attributes);
        if (error != FsError.None)
        {
            // Deleted while open: only the open file still knows (as fstat on an unlinked file).
            lock (handle.Gate)
            {
                if (handle.File is null)
                {
                    return StatusMap.From(error);
                }

                error = handle.File.GetAttributes(out attributes);
            }

            if (error != FsError.None)
            {
                return StatusMap.From(error);
            }
        }

        information = WindowsAttributes.From(LastComponent(fileName), attributes, handle.LinkTarget?.Length ?? attributes.Size);
        information.VolumeSerialNumber = options.VolumeSerialNumber;
        return NtStatus.Success;
    }

    // Only READONLY has a Linux form (the write bits); HIDDEN, SYSTEM, ARCHIVE and the rest are accepted and not kept.
    public NtStatus SetFileAttributes(ReadOnlySpan<char> fileName, FileAttributes attributes, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (attributes == 0 || handle.IsDirectory || handle.LinkTarget is not null)
        {
            return NtStatus.Success;
        }

        var error = union.GetAttributes(handle.NodeId, out var current);
        if (error != FsError.None)
        {
            return StatusMap.From(error);
        }

        var readOnly = (attributes & FileAttributes.ReadOnly) != 0;
        var mode = current.Permissions;
        var wanted = readOnly ? mode & ~WriteBits : mode | 0x80;
        if (wanted == mode)
        {
            return NtStatus.Success;
        }

        lock (handle.Gate)
        {
            return StatusMap.From(union.SetAttributes(handle.NodeId, new AttributeChanges { Mode = wanted }, handle.File, out _));
        }
    }

    // Creation time has no Linux form and is not kept; 0 and the "stop/resume updating" markers change nothing.
    public NtStatus SetFileTime(ReadOnlySpan<char> fileName, long creationTime, long lastAccessTime, long lastWriteTime, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        var changes = new AttributeChanges
        {
            AccessTime = lastAccessTime > 0 ? TimeChange.To(WindowsAttributes.ToTimestamp(lastAccessTime)) : null,
            ModifyTime = lastWriteTime > 0 ? TimeChange.To(WindowsAttributes.ToTimestamp(lastWriteTime)) : null,
        };
        if (changes.AccessTime is null && changes.ModifyTime is null)
        {
            return NtStatus.Success;
        }

        lock (handle.Gate)
        {
            return StatusMap.From(union.SetAttributes(handle.NodeId, changes, handle.File, out _));
        }
    }

    private static string LastComponent(ReadOnlySpan<char> path)
    {
        path = path.TrimEnd('\\');
        return path[(path.LastIndexOf('\\') + 1)..].ToString();
    }
}
