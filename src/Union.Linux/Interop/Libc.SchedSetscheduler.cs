// sched_setscheduler(2) for the calling thread (pid 0): FUSE io_uring queue threads wait as SCHED_IDLE.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const int SCHED_OTHER = 0;
    /// <summary>Lowest weight, never preempts on wakeup; the scheduler counts a CPU running only such tasks as idle.</summary>
    internal const int SCHED_IDLE = 5;

    /// <summary><paramref name="priority"/> points to struct sched_param { int sched_priority; } (0 for these policies).</summary>
    [LibraryImport(Name, EntryPoint = "sched_setscheduler", SetLastError = true)]
    internal static unsafe partial int SchedSetscheduler(int pid, int policy, int* priority);
}
