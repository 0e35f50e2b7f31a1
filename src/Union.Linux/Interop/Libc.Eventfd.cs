// eventfd(2): a counter fd whose write wakes a thread waiting in io_uring_enter on a POLL_ADD of it.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;

    [LibraryImport(Name, EntryPoint = "eventfd", SetLastError = true)]
    internal static partial int Eventfd(uint initval, int flags);
}
