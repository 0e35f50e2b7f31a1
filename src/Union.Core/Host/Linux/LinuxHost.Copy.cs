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
            if (error is FsError.CrossDevice or FsError.NotImplemented or FsError.InvalidArgument
                or FsError.NotSupported or FsError.BadHandle)
                return CopyLoop(src, dst, inOff, end - inOff);
            return error;
        }
        return FsError.None;
    }

    private static FsError CopyLoop(int src, int dst, long offset, long count)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            fixed (byte* p = buffer)
            {
                long end = offset + count;
                while (offset < end)
                {
                    nint n = Libc.pread(src, p, (nuint)Math.Min(buffer.Length, end - offset), offset);
                    if (n < 0) return LastError();
                    if (n == 0) return FsError.None;
                    for (nint done = 0; done < n;)
                    {
                        nint w = Libc.pwrite(dst, p + done, (nuint)(n - done), offset + done);
                        if (w < 0) return LastError();
                        done += w;
                    }
                    offset += n;
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
