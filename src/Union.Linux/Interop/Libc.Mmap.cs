// mmap(2): maps an io_uring's shared rings into the process.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x01;
    internal const int MAP_POPULATE = 0x8000;
    internal const nint MAP_FAILED = -1;

    [LibraryImport(Name, EntryPoint = "mmap", SetLastError = true)]
    internal static unsafe partial void* Mmap(void* addr, nuint length, int prot, int flags, int fd, long offset);
}
