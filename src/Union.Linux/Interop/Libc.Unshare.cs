// unshare(2): a thread leaves the fs context (cwd, root, umask) it shares with the rest of the process.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const int CLONE_FS = 0x200;

    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    internal static partial int Unshare(int flags);
}
