// File data on the portable host: handles from File.OpenHandle, positional I/O through RandomAccess.
namespace Union.Core.Host.Portable;

using System.Buffers;
using Microsoft.Win32.SafeHandles;

public sealed partial class PortableHost
{
    public FsError Open(HostDirectory dir, string name, OpenMode mode, uint createMode, out SafeFileHandle? file)
    {
        file = null;
        var error = Check(name);
        if (error != FsError.None) return error;
        string path = PathOf(dir, name);
        var existing = Entry(path);
        bool create = (mode & OpenMode.Create) != 0, exclusive = (mode & OpenMode.Exclusive) != 0;
        if (existing is not null)
        {
            if (create && exclusive) return FsError.Exists;
            if (IsLink(existing)) return FsError.SymlinkLoop;  // O_NOFOLLOW: a link is never opened through
            if (existing is DirectoryInfo) return FsError.IsDirectory;
        }
        else if (!create) return FsError.NotFound;
        var fileMode = existing is null ? FileMode.CreateNew : (mode & OpenMode.Truncate) != 0 ? FileMode.Truncate : FileMode.Open;
        var access = (mode & OpenMode.AccessMask) switch
        {
            OpenMode.WriteOnly => FileAccess.Write,
            OpenMode.ReadWrite => FileAccess.ReadWrite,
            _ => fileMode == FileMode.Truncate ? FileAccess.ReadWrite : FileAccess.Read,
        };
        try
        {
            file = File.OpenHandle(path, fileMode, fileMode == FileMode.CreateNew ? access | FileAccess.Write : access,
                FileShare.ReadWrite | FileShare.Delete);
            if (existing is null && !OperatingSystem.IsWindows()) File.SetUnixFileMode(file, (UnixFileMode)(createMode & 0xFFF));
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            file?.Dispose();
            file = null;
            return Fail(e);
        }
    }

    public FsError StatHandle(SafeFileHandle file, out EntryAttributes attributes)
    {
        attributes = default;
        try
        {
            long size = RandomAccess.GetLength(file);
            var modified = Timestamp.FromDateTime(File.GetLastWriteTimeUtc(file));
            uint permissions = OperatingSystem.IsWindows() ? 0x1A4u : (uint)File.GetUnixFileMode(file);
            attributes = new EntryAttributes
            {
                Mode = (uint)FileKind.Regular | permissions, LinkCount = 1, Size = size, Blocks = (size + 511) / 512,
                BlockSize = 4096, AccessTime = Timestamp.FromDateTime(File.GetLastAccessTimeUtc(file)),
                ModifyTime = modified, ChangeTime = modified, BirthTime = Timestamp.FromDateTime(File.GetCreationTimeUtc(file)),
                WindowsAttributes = OperatingSystem.IsWindows() ? (uint)File.GetAttributes(file) : 0,
            };
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    public FsError Read(SafeFileHandle file, Span<byte> buffer, long offset, out int read)
    {
        read = 0;
        try { read = RandomAccess.Read(file, buffer, offset); return FsError.None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { return Fail(e); }
    }

    public FsError Write(SafeFileHandle file, ReadOnlySpan<byte> buffer, long offset, out int written)
    {
        written = 0;
        try { RandomAccess.Write(file, buffer, offset); written = buffer.Length; return FsError.None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { return Fail(e); }
    }

    public FsError Truncate(SafeFileHandle file, long size)
    {
        try { RandomAccess.SetLength(file, size); return FsError.None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>Only plain preallocation that extends the file (mode 0) can be done with System.IO.</summary>
    public FsError Allocate(SafeFileHandle file, int mode, long offset, long length)
    {
        if (mode != 0) return FsError.NotSupported;
        try
        {
            if (offset + length > RandomAccess.GetLength(file)) RandomAccess.SetLength(file, offset + length);
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>SEEK_SET/CUR/END as the offset itself; without hole queries the whole file is data (SEEK_DATA/HOLE).</summary>
    public FsError Seek(SafeFileHandle file, long offset, int whence, out long result)
    {
        const int SeekEnd = 2, SeekData = 3, SeekHole = 4;
        result = 0;
        long length = RandomAccess.GetLength(file);
        switch (whence)
        {
            case SeekData or SeekHole when offset >= length: return FsError.NoDeviceOrAddress;
            case SeekData: result = offset; break;
            case SeekHole: result = length; break;
            case SeekEnd: result = length + offset; break;
            default: result = offset; break;
        }
        return result < 0 ? FsError.InvalidArgument : FsError.None;
    }

    public FsError CopyData(SafeFileHandle source, SafeFileHandle target, long length)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long offset = 0; offset < length;)
            {
                int n = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - offset)), offset);
                if (n == 0) break;
                RandomAccess.Write(target, buffer.AsSpan(0, n), offset);
                offset += n;
            }
            RandomAccess.SetLength(target, length);
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    public FsError CopyFileRange(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, out long copied)
    {
        copied = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length)), sourceOffset);
            RandomAccess.Write(target, buffer.AsSpan(0, n), targetOffset);
            copied = n;
            return FsError.None;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
        finally { ArrayPool<byte>.Shared.Return(buffer); }
    }

    public FsError Sync(SafeFileHandle file, bool dataOnly)
    {
        try { RandomAccess.FlushToDisk(file); return FsError.None; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return Fail(e); }
    }

    /// <summary>System.IO cannot fsync a directory; renames are as durable as the host filesystem makes them.</summary>
    public FsError SyncDirectory(HostDirectory dir) => FsError.None;
}
