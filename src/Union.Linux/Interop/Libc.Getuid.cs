// getuid(2) / getgid(2): the mount's user_id/group_id options.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "getuid")]
    internal static partial uint Getuid();

    [LibraryImport(Name, EntryPoint = "getgid")]
    internal static partial uint Getgid();
}
