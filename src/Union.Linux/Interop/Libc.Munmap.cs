// munmap(2).
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "munmap", SetLastError = true)]
    internal static unsafe partial int Munmap(void* addr, nuint length);
}
