// Process-level helpers for a mount daemon: leaving the terminal's session, unmounting a path by name.
namespace Union.Linux;

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Union.Linux.Interop;

[SupportedOSPlatform("linux")]
public static class ProcessSession
{
    /// <summary>Starts a new session so signals aimed at the shell's process group miss the daemon.</summary>
    public static void Detach() => Libc.Setsid();

    public static bool IsRoot => Libc.Getuid() == 0;

    /// <summary>
    /// True when a FUSE mount's daemon is gone: the kernel answers ENOTCONN (ECONNABORTED while it tears the
    /// connection down). Asked with statfs, which always reaches the daemon; open and stat may be served from
    /// the kernel's caches.
    /// </summary>
    public static unsafe bool IsStale(string mountPoint)
    {
        byte* buffer = stackalloc byte[Libc.StatfsSize];
        if (Libc.Statfs(mountPoint, buffer) == 0) return false;
        return Marshal.GetLastPInvokeError() is Errno.ENOTCONN or Errno.ECONNABORTED;
    }

    /// <summary>
    /// Unmounts a path: umount2 as root (also clears a mount whose daemon died), fusermount3 -u otherwise.
    /// Returns null on success or a one-line reason.
    /// </summary>
    public static string? Unmount(string mountPoint, bool lazy)
    {
        if (IsRoot)
        {
            if (Libc.Umount2(mountPoint, lazy ? Libc.MNT_DETACH : 0) == 0) return null;
            int errno = Marshal.GetLastPInvokeError();
            return errno switch
            {
                Errno.EBUSY => $"'{mountPoint}' is busy (files are open there); close them or use --lazy",
                Errno.EINVAL => $"'{mountPoint}' is not mounted",
                _ => $"cannot unmount '{mountPoint}': errno {errno}",
            };
        }
        var psi = new ProcessStartInfo("fusermount3") { RedirectStandardError = true };
        foreach (var a in lazy ? new[] { "-u", "-z", "--", mountPoint } : ["-u", "--", mountPoint]) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            string error = p.StandardError.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : error.Length > 0 ? error : $"fusermount3 -u failed ({p.ExitCode})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "fusermount3 is not installed (Debian package fuse3)";
        }
    }
}
