// File data: reads, writes, flush and size changes. Each runs on the open's engine file, outside the engine lock;
// a metadata-only open gets its file on first use, and a write copies the file up (the engine does that at open).
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    public NtStatus ReadFile(ReadOnlySpan<char> fileName, Span<byte> buffer, out int bytesRead, long offset, ref DokanFileInfo info)
    {
        bytesRead = 0;
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (handle.IsDirectory)
        {
            return NtStatus.InvalidDeviceRequest;
        }

        if (offset < 0)
        {
            return NtStatus.InvalidParameter;
        }

        if (handle.LinkTarget is { } target)
        {
            bytesRead = offset >= target.Length ? 0 : Math.Min(buffer.Length, target.Length - (int)offset);
            target.AsSpan((int)Math.Min(offset, target.Length), bytesRead).CopyTo(buffer);
            return NtStatus.Success;
        }

        var status = Readable(handle, out var file);
        if (status != NtStatus.Success)
        {
            return status;
        }

        // The host may return less than asked before the end of file; Windows expects a full buffer then.
        while (bytesRead < buffer.Length)
        {
            var error = file!.Read(buffer[bytesRead..], offset + bytesRead, out var read);
            if (error != FsError.None)
            {
                return StatusMap.From(error);
            }

            if (read == 0)
            {
                break;
            }

            bytesRead += read;
        }

        return NtStatus.Success;
    }

    public NtStatus WriteFile(ReadOnlySpan<char> fileName, ReadOnlySpan<byte> buffer, out int bytesWritten, long offset, ref DokanFileInfo info)
    {
        bytesWritten = 0;
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (handle.IsDirectory)
        {
            return NtStatus.InvalidDeviceRequest;
        }

        var status = Writable(handle, out var file);
        if (status != NtStatus.Success)
        {
            return status;
        }

        lock (handle.Gate)
        {
            var append = info.WriteToEndOfFile || offset == -1;
            if (append || info.PagingIo)
            {
                var error = file!.GetAttributes(out var attributes);
                if (error != FsError.None)
                {
                    return StatusMap.From(error);
                }

                if (append)
                {
                    offset = attributes.Size;
                }
                else
                {
                    // The memory manager writes whole pages; what lies past the end of file is not data.
                    if (offset >= attributes.Size)
                    {
                        return NtStatus.Success;
                    }

                    buffer = buffer[..(int)Math.Min(buffer.Length, attributes.Size - offset)];
                }
            }

            if (offset < 0)
            {
                return NtStatus.InvalidParameter;
            }

            while (bytesWritten < buffer.Length)
            {
                var error = file!.Write(buffer[bytesWritten..], offset + bytesWritten, out var written);
                if (error != FsError.None)
                {
                    return StatusMap.From(error);
                }

                if (written == 0)
                {
                    return NtStatus.DiskFull;
                }

                bytesWritten += written;
            }
        }

        return NtStatus.Success;
    }

    public NtStatus FlushFileBuffers(ReadOnlySpan<char> fileName, ref DokanFileInfo info)
    {
        var handle = _handles.Get(info.Context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        lock (handle.Gate)
        {
            return handle.File is { } file ? StatusMap.From(file.Sync(dataOnly: false)) : NtStatus.Success;
        }
    }

    public NtStatus SetEndOfFile(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) =>
        Resize(info.Context, length, growOnly: false);

    // Reserving space changes nothing a reader sees; only an allocation below the end of file truncates it.
    public NtStatus SetAllocationSize(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) =>
        Resize(info.Context, length, growOnly: true);

    private NtStatus Resize(ulong context, long length, bool growOnly)
    {
        var handle = _handles.Get(context);
        if (handle is null)
        {
            return NtStatus.InvalidHandle;
        }

        if (handle.IsDirectory || length < 0)
        {
            return NtStatus.InvalidParameter;
        }

        // Nothing to change, nothing to copy up.
        var error = union.GetAttributes(handle.NodeId, out var attributes);
        if (error == FsError.None && (attributes.Size == length || (growOnly && length > attributes.Size)))
        {
            return NtStatus.Success;
        }

        var status = Writable(handle, out var file);
        if (status != NtStatus.Success)
        {
            return status;
        }

        lock (handle.Gate)
        {
            return StatusMap.From(union.SetAttributes(handle.NodeId, new AttributeChanges { Size = length }, file, out _));
        }
    }

    // The open's file for reading: opened now for a metadata-only open, reopened when another open copied it up.
    private NtStatus Readable(OpenHandle handle, out OpenFile? file)
    {
        lock (handle.Gate)
        {
            if (handle.Deleted)
            {
                file = null;
                return NtStatus.FileClosed;
            }

            if (handle.File is not null && !handle.Stale)
            {
                file = handle.File;
                return NtStatus.Success;
            }

            var error = union.Open(handle.NodeId, OpenMode.ReadOnly, out file);
            if (error != FsError.None)
            {
                return StatusMap.From(error);
            }

            handle.File?.Dispose();
            handle.File = file;
            handle.Stale = false;
            return NtStatus.Success;
        }
    }

    // The open's file for writing, in the upper layer; the first write open of a lower file copies it up.
    private NtStatus Writable(OpenHandle handle, out OpenFile? file)
    {
        lock (handle.Gate)
        {
            file = null;
            if (handle.Deleted)
            {
                return NtStatus.FileClosed;
            }

            if (handle.LinkTarget is not null)
            {
                return NtStatus.AccessDenied;
            }

            if (handle.File is { InUpper: true } current && current.Mode.CanWrite())
            {
                file = current;
                return NtStatus.Success;
            }

            var error = union.Open(handle.NodeId, OpenMode.ReadWrite, out file);
            if (error != FsError.None)
            {
                return StatusMap.From(error);
            }

            handle.File?.Dispose();
            handle.File = file;
            handle.Stale = false;
        }

        _handles.MarkStale(handle.NodeId, handle);
        return NtStatus.Success;
    }
}
