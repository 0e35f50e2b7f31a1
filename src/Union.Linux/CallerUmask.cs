// A caller's umask, applied where the kernel applies it to a local create: by the filesystem that makes the entry.
// That filesystem subtracts it, unless the new entry's directory has a default ACL, which then decides the mode
// instead (POSIX.1e). So the serving thread takes the caller's umask for the one host call. A thread's umask is its
// process's until it unshares its fs context (CLONE_FS); each serving thread does so once, and keeps umask 0
// between creates, so nothing the engine makes for itself (copy-ups, whiteouts) is masked by a caller's umask or by
// the daemon's own. A thread pool thread never unshares (the host process may change directory); it masks instead.
namespace Union.Linux;

using Union.Linux.Interop;

internal static class CallerUmask
{
    [ThreadStatic] private static bool t_own;
    private static bool s_unshareRefused;

    /// <summary>
    /// Gives this thread <paramref name="umask"/> until <see cref="Leave"/> and returns the mode to create with.
    /// Where the thread cannot have a umask of its own, the mode comes back masked (a default ACL then cannot
    /// lift the mask, and the process's umask still applies on top).
    /// </summary>
    public static uint Enter(uint mode, uint umask)
    {
        if (!t_own && !s_unshareRefused && !Thread.CurrentThread.IsThreadPoolThread)
        {
            if (Libc.Unshare(Libc.CLONE_FS) == 0) t_own = true;
            else s_unshareRefused = true;
        }
        if (!t_own) return mode & ~umask;
        Libc.Umask(umask & 0x1FF);   // 0777
        return mode;
    }

    /// <summary>Back to umask 0 after the host call made by the thread that entered.</summary>
    public static void Leave()
    {
        if (t_own) Libc.Umask(0);
    }
}
