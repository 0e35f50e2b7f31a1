// io_uring_register(2) through syscall(2): only IORING_REGISTER_FILES, so SQEs name /dev/fuse by index.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const nint SYS_io_uring_register = 427;

    internal const uint IORING_REGISTER_FILES = 2;

    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial int SyscallIoUringRegister(nint number, nint fd, nint opcode, void* arg, nint count);

    internal static unsafe int IoUringRegister(int fd, uint opcode, void* arg, uint count) =>
        SyscallIoUringRegister(SYS_io_uring_register, fd, (nint)opcode, arg, (nint)count);
}
