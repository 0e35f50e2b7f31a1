// writev(2) and struct iovec.
using System.Runtime.InteropServices;

#pragma warning disable CS8981 // C spellings for mirror structs

namespace Union.Linux.Interop;

internal static partial class Libc
{
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct iovec
    {
        public void* iov_base;
        public nuint iov_len;
    }

    [LibraryImport(Name, EntryPoint = "writev", SetLastError = true)]
    internal static unsafe partial nint Writev(int fd, iovec* iov, int iovcnt);
}
