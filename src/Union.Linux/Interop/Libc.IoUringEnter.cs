// io_uring_enter(2) through syscall(2), and the submission/completion entries it moves, linux/io_uring.h.
using System.Runtime.InteropServices;

#pragma warning disable CS8981 // C spellings for mirror structs

namespace Union.Linux.Interop;

internal static partial class Libc
{
    internal const nint SYS_io_uring_enter = 426;

    internal const uint IORING_ENTER_GETEVENTS = 1u << 0;

    internal const byte IORING_OP_POLL_ADD = 6;
    internal const byte IORING_OP_URING_CMD = 46;

    /// <summary>sqe.fd is an index into the files registered with IORING_REGISTER_FILES.</summary>
    internal const byte IOSQE_FIXED_FILE = 1 << 0;

    /// <summary>
    /// The first 64 bytes of <c>struct io_uring_sqe</c> (unions flattened to the members used here). With
    /// IORING_SETUP_SQE128 each slot is 128 bytes and a URING_CMD's command fills bytes 48..127.
    /// </summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct io_uring_sqe
    {
        public byte opcode;
        public byte flags;
        public ushort ioprio;
        public int fd;
        /// <summary>off / addr2; for URING_CMD: cmd_op (low 32 bits) and __pad1.</summary>
        public ulong off;
        public ulong addr;
        public uint len;
        /// <summary>rw_flags / poll32_events / uring_cmd_flags.</summary>
        public uint op_flags;
        public ulong user_data;
        public ushort buf_index;
        public ushort personality;
        public int file_index;
        /// <summary>addr3; for URING_CMD the first 8 bytes of cmd[].</summary>
        public ulong addr3;
        public ulong __pad2;
    }

    /// <summary><c>struct io_uring_cqe</c>, 16 bytes (no IORING_SETUP_CQE32).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct io_uring_cqe
    {
        public ulong user_data;
        /// <summary>Result: negative errno on failure.</summary>
        public int res;
        public uint flags;
    }

    [LibraryImport(Name, EntryPoint = "syscall", SetLastError = true)]
    private static partial int SyscallIoUringEnter(nint number, nint fd, nint toSubmit, nint minComplete, nint flags, nint sig, nint sigsz);

    /// <summary>Submits <paramref name="toSubmit"/> SQEs and waits for <paramref name="minComplete"/> CQEs; returns SQEs consumed or -1.</summary>
    internal static int IoUringEnter(int fd, uint toSubmit, uint minComplete, uint flags) =>
        SyscallIoUringEnter(SYS_io_uring_enter, fd, (nint)toSubmit, (nint)minComplete, (nint)flags, 0, 0);
}
