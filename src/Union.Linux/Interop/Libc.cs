// Root of the raw Linux syscall binding: library name and shared constants (x86_64 glibc values).
namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const string Name = "libc";

    internal const int O_RDWR = 0x2;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
}
