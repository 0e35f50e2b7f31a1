// setsid(2): a background daemon leaves the terminal's session so Ctrl+C in the shell does not reach it.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "setsid", SetLastError = true)]
    internal static partial int Setsid();
}
