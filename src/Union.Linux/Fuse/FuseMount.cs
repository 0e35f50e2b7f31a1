// Mounts and unmounts a FUSE filesystem without libfuse: mount(2) as root, the fusermount3 SCM_RIGHTS handshake otherwise.
using System.Diagnostics;
using System.Runtime.InteropServices;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed class FuseMount : IDisposable
{
    private const string Fusermount = "fusermount3";
    private const uint S_IFDIR = 0x4000;
    private const uint S_IFREG = 0x8000;

    private readonly bool _privileged;
    // The mount's "major:minor" as mountinfo shows it, read right after mounting; null if it could not be read.
    private readonly string? _device;
    private bool _mounted;

    private FuseMount(string mountPoint, FuseChannel channel, bool privileged)
    {
        MountPoint = mountPoint;
        Channel = channel;
        _privileged = privileged;
        _mounted = true;
        _device = MountTable.TopmostAt(mountPoint)?.Device;
    }

    public string MountPoint { get; }

    /// <summary>The connection's /dev/fuse fd (non-blocking); hand it to a <see cref="FuseSession"/>.</summary>
    public FuseChannel Channel { get; }

    public bool IsMounted => _mounted;

    /// <summary>Mounts with mount(2) as root, else through fusermount3.</summary>
    public static FuseMount Mount(string mountPoint, FuseMountOptions options) =>
        Mount(mountPoint, options, useFusermount: Libc.Getuid() != 0);

    internal static FuseMount Mount(string mountPoint, FuseMountOptions options, bool useFusermount)
    {
        string full = Path.GetFullPath(mountPoint);
        return useFusermount ? MountWithFusermount(full, options) : MountDirect(full, options);
    }

    /// <summary>Unmounts; with <paramref name="lazy"/> detaches even while busy (MNT_DETACH / fusermount3 -z).</summary>
    public void Unmount(bool lazy = false)
    {
        if (!_mounted)
        {
            return;
        }
        // umount2 takes the topmost mount at the path. Once ours is gone (unmounted from outside) another may stand
        // there, or one may cover ours: neither is ours to take down.
        if (_device is not null && MountTable.TopmostAt(MountPoint)?.Device != _device)
        {
            _mounted = false;
            return;
        }
        if (_privileged)
        {
            if (Libc.Umount2(MountPoint, lazy ? Libc.MNT_DETACH : 0) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                // EINVAL: not a mount point any more (already unmounted from outside).
                if (errno != Errno.EINVAL)
                {
                    throw FuseChannel.Failure("umount2 " + MountPoint, errno);
                }
            }
        }
        else
        {
            RunFusermount(lazy ? ["-u", "-z", "--", MountPoint] : ["-u", "--", MountPoint], null);
        }
        _mounted = false;
    }

    /// <summary>Unmounts (lazily if busy) and closes the device fd.</summary>
    public void Dispose()
    {
        try
        {
            Unmount();
        }
        catch (IOException)
        {
            Unmount(lazy: true);
        }
        finally
        {
            Channel.Dispose();
        }
    }

    private static FuseMount MountDirect(string mountPoint, FuseMountOptions options)
    {
        uint rootMode = Directory.Exists(mountPoint) ? S_IFDIR : S_IFREG;
        FuseChannel channel = FuseChannel.OpenDevice();
        try
        {
            string data = options.KernelOptions(channel.Fd, rootMode, Libc.Getuid(), Libc.Getgid());
            ulong flags = Libc.MS_NOSUID | Libc.MS_NODEV | (options.ReadOnly ? Libc.MS_RDONLY : 0);
            // mount(2) returns at once; INIT then arrives asynchronously on the fd.
            if (Libc.Mount(options.FsName, mountPoint, "fuse." + options.Subtype, flags, data) != 0)
            {
                throw FuseChannel.Failure("mount " + mountPoint, Marshal.GetLastPInvokeError());
            }
            return new FuseMount(mountPoint, channel, privileged: true);
        }
        catch
        {
            channel.Dispose();
            throw;
        }
    }

    private static unsafe FuseMount MountWithFusermount(string mountPoint, FuseMountOptions options)
    {
        int* pair = stackalloc int[2];
        // No SOCK_CLOEXEC: the child end must survive exec into fusermount3; our end is made CLOEXEC below.
        if (Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_STREAM, 0, pair) != 0)
        {
            throw FuseChannel.Failure("socketpair", Marshal.GetLastPInvokeError());
        }
        int ours = pair[0], theirs = pair[1];
        try
        {
            Libc.Fcntl(ours, Libc.F_SETFD, Libc.FD_CLOEXEC);
            using Process child = StartFusermount(["-o", options.FusermountOptions(), "--", mountPoint], theirs);
            Libc.Close(theirs);
            theirs = -1;
            int fd = ReceiveFd(ours);
            child.WaitForExit();
            if (fd < 0)
            {
                throw new IOException($"{Fusermount} did not pass a /dev/fuse fd (exit {child.ExitCode}): {child.StandardError.ReadToEnd()}");
            }
            int fl = Libc.Fcntl(fd, Libc.F_GETFL, 0);
            Libc.Fcntl(fd, Libc.F_SETFL, fl | Libc.O_NONBLOCK);
            return new FuseMount(mountPoint, new FuseChannel(fd), privileged: false);
        }
        finally
        {
            Libc.Close(ours);
            if (theirs >= 0)
            {
                Libc.Close(theirs);
            }
        }
    }

    private static unsafe int ReceiveFd(int socket)
    {
        byte data;
        const int controlSize = 24; // CMSG_SPACE(sizeof(int)) on x86_64
        byte* control = stackalloc byte[controlSize];
        var iov = new Libc.iovec { iov_base = &data, iov_len = 1 };
        var msg = new Libc.msghdr { msg_iov = &iov, msg_iovlen = 1, msg_control = control, msg_controllen = controlSize };
        nint n;
        do
        {
            n = Libc.Recvmsg(socket, &msg, Libc.MSG_CMSG_CLOEXEC);
        }
        while (n < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);
        var cmsg = (Libc.cmsghdr*)control;
        if (n <= 0 || msg.msg_controllen < (nuint)sizeof(Libc.cmsghdr) + sizeof(int)
            || cmsg->cmsg_level != Libc.SOL_SOCKET || cmsg->cmsg_type != Libc.SCM_RIGHTS)
        {
            return -1;
        }
        return *(int*)(control + sizeof(Libc.cmsghdr));
    }

    private static Process StartFusermount(string[] args, int? commFd)
    {
        var psi = new ProcessStartInfo(Fusermount) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        if (commFd is int fd)
        {
            psi.Environment["_FUSE_COMMFD"] = fd.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        try
        {
            return Process.Start(psi) ?? throw new IOException($"could not start {Fusermount}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            // Not installed, or not executable: an ordinary user cannot mount without it.
            throw new IOException($"cannot run {Fusermount} ({e.Message}): install the fuse3 package, or mount as root", e);
        }
    }

    private static void RunFusermount(string[] args, int? commFd)
    {
        using Process p = StartFusermount(args, commFd);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new IOException($"{Fusermount} {string.Join(' ', args)} failed (exit {p.ExitCode}): {p.StandardError.ReadToEnd()}");
        }
    }
}
