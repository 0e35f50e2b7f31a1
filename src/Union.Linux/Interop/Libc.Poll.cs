// poll(2): lets idle reader threads on a non-blocking /dev/fuse fd notice Stop().
using System.Runtime.InteropServices;

#pragma warning disable CS8981 // C spellings for mirror structs

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const short POLLIN = 0x1;

    [StructLayout(LayoutKind.Sequential)]
    internal struct pollfd
    {
        public int fd;
        public short events;
        public short revents;
    }

    [LibraryImport(Name, EntryPoint = "poll", SetLastError = true)]
    internal static unsafe partial int Poll(pollfd* fds, nuint nfds, int timeout);
}
