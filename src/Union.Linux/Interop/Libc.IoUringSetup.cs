// io_uring_setup(2) through syscall(2) (glibc has no wrapper) and the parameter block it fills in, linux/io_uring.h.
using System.Runtime.InteropServices;

#pragma warning disable CS8981 // C spellings for mirror structs

namespace Union.Linux.Interop;

internal static partial class Libc
{
    /// <summary>io_uring syscalls share one number on every architecture (asm-generic table).</summary>
    internal const nint SYS_io_uring_setup = 425;

    /// <summary>Keep submitting the rest of a batch when one entry fails (its error goes to its CQE).</summary>
    internal const uint IORING_SETUP_SUBMIT_ALL = 1u << 7;
    /// <summary>128-byte SQEs: IORING_OP_URING_CMD carries its 80-byte command in the second half.</summary>
    internal const uint IORING_SETUP_SQE128 = 1u << 10;

    /// <summary>The SQ and CQ rings live in one mapping (kernel 5.4+).</summary>
    internal const uint IORING_FEAT_SINGLE_MMAP = 1u << 0;

    [StructLayout(LayoutKind.Sequential)]
    internal struct io_sqring_offsets
    {
        public uint head;
        public uint tail;
        public uint ring_mask;
        public uint ring_entries;
        public uint flags;
        public uint dropped;
        public uint array;
        public uint resv1;
        public ulong user_addr;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct io_cqring_offsets
    {
        public uint head;
        public uint tail;
        public uint ring_mask;
        public uint ring_entries;
        public uint overflow;
        public uint cqes;
        public uint flags;
        public uint resv1;
        public ulong user_addr;
    }

    /// <summary><c>struct io_uring_params</c>, 120 bytes.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct io_uring_params
    {
        public uint sq_entries;
        public uint cq_entries;
        public uint flags;
        public uint sq_thread_cpu;
        public uint sq_thread_idle;
        public uint features;
        public uint wq_fd;
        public fixed uint resv[3];
        public io_sqring_offsets sq_off;
        public io_cqring_offsets cq_off;
    }

    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    private static unsafe partial int SyscallIoUringSetup(nint number, nint entries, io_uring_params* p);

    /// <summary>Returns the ring fd, or -1 with errno (ENOSYS: no io_uring; EPERM: disabled by kernel.io_uring_disabled).</summary>
    internal static unsafe int IoUringSetup(uint entries, io_uring_params* p) => SyscallIoUringSetup(SYS_io_uring_setup, (nint)entries, p);
}
