// ioctl(2) with a pointer argument (the only form /dev/fuse uses).
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    [LibraryImport(Name, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(int fd, nuint request, void* arg);
}
