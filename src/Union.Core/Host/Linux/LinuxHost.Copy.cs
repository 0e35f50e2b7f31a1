// Copying file data for copy-up: reflink when the filesystem shares extents, else copy_file_range over the data
// segments only (SEEK_DATA/SEEK_HOLE keep sparse files sparse), else a read/write loop.
namespace Union.Core.Host.Linux;

using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Union.Core.Host.Linux.Interop;

public sealed unsafe partial class LinuxHost
{
    private const nuint FICLONE = 0x40049409;
    private const int SEEK_DATA = 3, SEEK_HOLE = 4;
    private const int ENXIO = 6;

    public FsError CopyData(SafeFileHandle source, SafeFileHandle target, long length)
    {
        int src = (int)source.DangerousGetHandle(), dst = (int)target.DangerousGetHandle();
        if (length > 0 && Libc.ioctl(dst, FICLONE, src) == 0) return FsError.None;
        long offset = 0;
        while (offset < length)
        {
            long data = Libc.lseek(src, offset, SEEK_DATA);
            if (data < 0)
            {
                if (Libc.Errno == ENXIO) break;          // only a hole remains
                data = offset;                            // no SEEK_DATA support: treat all as data
            }
            long hole = Libc.lseek(src, data, SEEK_HOLE);
            if (hole < 0 || hole > length) hole = length;
            var error = CopyRange(src, dst, data, hole - data);
            if (error != FsError.None) return error;
            offset = hole;
        }
        return Libc.ftruncate(dst, length) == 0 ? FsError.None : LastError();
    }

    private static FsError CopyRange(int src, int dst, long offset, long count)
    {
        long inOff = offset, outOff = offset, end = offset + count;
        while (inOff < end)
        {
            nint n = Libc.copy_file_range(src, &inOff, dst, &outOff, (nuint)Math.Min(end - inOff, 1L << 30), 0);
            if (n > 0) continue;
            if (n == 0) return FsError.None;     // source shrank underneath us
            var error = LastError();
            if (FallsBackToLoop(error)) return CopyLoop(src, dst, inOff, end - inOff, out _);
            return error;
        }
        return FsError.None;
    }

    public FsError CopyFileRange(SafeFileHandle source, long sourceOffset, SafeFileHandle target, long targetOffset, long length, out long copied)
    {
        copied = 0;
        int src = (int)source.DangerousGetHandle(), dst = (int)target.DangerousGetHandle();
        long inOff = sourceOffset, outOff = targetOffset;
        nint n = Libc.copy_file_range(src, &inOff, dst, &outOff, (nuint)Math.Min(length, 1L << 30), 0);
        if (n >= 0) { copied = n; return FsError.None; }
        var error = LastError();
        if (!FallsBackToLoop(error)) return error;
        // One buffer's worth: a short copy is a valid answer, and the caller asks again for the rest.
        return CopyLoop(src, dst, sourceOffset, Math.Min(length, 1 << 20), out copied, targetOffset - sourceOffset);
    }

    /// <summary>The kernel cannot copy between these two (other filesystems, no support): copy through memory.</summary>
    private static bool FallsBackToLoop(FsError error) =>
        error is FsError.CrossDevice or FsError.NotImplemented or FsError.InvalidArgument or FsError.NotSupported or FsError.BadHandle;

    /// <param name="shift">How far the target's offsets lie from the source's (0 for copy-up).</param>
    private static FsError CopyLoop(int src, int dst, long offset, long count, out long copied, long shift = 0)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            fixed (byte* p = buffer)
            {
                long start = offset, end = offset + count;
                copied = 0;
                while (offset < end)
                {
                    nint n = Libc.pread(src, p, (nuint)Math.Min(buffer.Length, end - offset), offset);
                    if (n < 0) return LastError();
                    if (n == 0) return FsError.None;
                    for (nint done = 0; done < n;)
                    {
                        nint w = Libc.pwrite(dst, p + done, (nuint)(n - done), offset + shift + done);
                        if (w < 0) return LastError();
                        done += w;
                    }
                    offset += n;
                    copied = offset - start;
                }
            }
            return FsError.None;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
