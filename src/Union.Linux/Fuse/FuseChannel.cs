// Owns one /dev/fuse file descriptor: read a request, write a reply, clone per-thread fds, passthrough ioctls.
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed class FuseChannel : IDisposable
{
    public const string DevicePath = "/dev/fuse";

    private int _fd;

    /// <summary>Takes ownership of <paramref name="fd"/>; it should be O_NONBLOCK so idle readers can see Stop().</summary>
    public FuseChannel(int fd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(fd);
        _fd = fd;
    }

    public int Fd => _fd;

    public static FuseChannel OpenDevice()
    {
        int fd = Libc.Open(DevicePath, Libc.O_RDWR | Libc.O_CLOEXEC | Libc.O_NONBLOCK, 0);
        if (fd < 0)
        {
            throw Failure("open " + DevicePath, Marshal.GetLastPInvokeError());
        }
        return new FuseChannel(fd);
    }

    /// <summary>A new fd on the same connection (FUSE_DEV_IOC_CLONE): the kernel hands requests to whichever fd reads.</summary>
    public unsafe FuseChannel Clone()
    {
        FuseChannel clone = OpenDevice();
        uint master = (uint)_fd;
        if (Libc.Ioctl(clone._fd, FuseIoctl.FUSE_DEV_IOC_CLONE, &master) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            clone.Dispose();
            throw Failure("FUSE_DEV_IOC_CLONE", errno);
        }
        return clone;
    }

    /// <summary>
    /// Reads one request. Returns its length, 0 when idle for <paramref name="idleMilliseconds"/> (check for stop
    /// and call again), or -1 when the connection is gone (unmounted or aborted).
    /// </summary>
    public int Read(Span<byte> buffer, int idleMilliseconds)
    {
        while (true)
        {
            int n = TryRead(buffer);
            if (n != 0)
            {
                return n;
            }
            if (!WaitReadable(idleMilliseconds))
            {
                return 0;
            }
        }
    }

    /// <summary>Reads one request without waiting: its length, 0 when none is queued, -1 when the connection is gone.</summary>
    public unsafe int TryRead(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                nint n = Libc.Read(_fd, p, (nuint)buffer.Length);
                if (n > 0)
                {
                    return (int)n;
                }
                int errno = n < 0 ? Marshal.GetLastPInvokeError() : Errno.EAGAIN;
                switch (errno)
                {
                    // ENOENT: the request was interrupted and withdrawn before we read it.
                    case Errno.EINTR or Errno.ENOENT:
                        continue;
                    case Errno.EAGAIN:
                        return 0;
                    case Errno.ENODEV:
                        return -1;
                    default:
                        throw Failure("read " + DevicePath, errno);
                }
            }
        }
    }

    /// <summary>Writes one complete reply or notification; returns 0 or the errno (ENOENT: request was interrupted).</summary>
    public unsafe int Write(ReadOnlySpan<byte> message)
    {
        fixed (byte* p = message)
        {
            while (true)
            {
                nint n = Libc.Write(_fd, p, (nuint)message.Length);
                if (n >= 0)
                {
                    return n == message.Length ? 0 : Errno.EIO;
                }
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Errno.EINTR)
                {
                    return errno;
                }
            }
        }
    }

    /// <summary>Registers <paramref name="fd"/> as a passthrough backing file; returns 0 or errno (EPERM: passthrough off).</summary>
    public unsafe int BackingOpen(int fd, out int backingId)
    {
        var map = new fuse_backing_map { fd = fd };
        int rc = Libc.Ioctl(_fd, FuseIoctl.FUSE_DEV_IOC_BACKING_OPEN, &map);
        backingId = rc > 0 ? rc : 0;
        return rc > 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public unsafe int BackingClose(int backingId)
    {
        uint id = (uint)backingId;
        return Libc.Ioctl(_fd, FuseIoctl.FUSE_DEV_IOC_BACKING_CLOSE, &id) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
    }

    private unsafe bool WaitReadable(int milliseconds)
    {
        var pfd = new Libc.pollfd { fd = _fd, events = Libc.POLLIN };
        int rc = Libc.Poll(&pfd, 1, milliseconds);
        // Errors and POLLERR (connection aborted) report readable so that read() surfaces ENODEV.
        return rc != 0;
    }

    internal static IOException Failure(string what, int errno) =>
        new($"{what} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
}
