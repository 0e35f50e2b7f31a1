// sched_setaffinity(2) for the calling thread (pid 0): pins a FUSE io_uring queue thread to its CPU.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    /// <summary>glibc's cpu_set_t: 1024 bits.</summary>
    internal const int CpuSetBytes = 128;

    [LibraryImport(Name, EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static unsafe partial int SchedSetaffinity(int pid, nuint cpusetsize, byte* mask);
}
