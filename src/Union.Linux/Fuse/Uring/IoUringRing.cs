// One io_uring with 128-byte SQEs: io_uring_setup, the mmap'd submission and completion rings, submit-and-wait.
// Used by one thread at a time: the ring indices are plain fields, only the kernel-shared ones are fenced.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Linux.Interop;

namespace Union.Linux.Fuse.Uring;

internal sealed unsafe class IoUringRing : IDisposable
{
    public const int SqeSize = 128;
    private const long IORING_OFF_SQ_RING = 0;
    private const long IORING_OFF_CQ_RING = 0x8000000;
    private const long IORING_OFF_SQES = 0x10000000;

    private int _fd;
    private readonly void* _sqRing;
    private readonly nuint _sqRingSize;
    private readonly void* _cqRing;
    private readonly nuint _cqRingSize;
    private readonly byte* _sqes;
    private readonly nuint _sqesSize;
    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly uint _sqEntries;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly Libc.io_uring_cqe* _cqes;
    private uint _tail;

    private IoUringRing(int fd, in Libc.io_uring_params p)
    {
        _fd = fd;
        _sqRingSize = p.sq_off.array + p.sq_entries * sizeof(uint);
        _cqRingSize = p.cq_off.cqes + p.cq_entries * (uint)sizeof(Libc.io_uring_cqe);
        bool single = (p.features & Libc.IORING_FEAT_SINGLE_MMAP) != 0;
        if (single)
        {
            _sqRingSize = _cqRingSize = Math.Max(_sqRingSize, _cqRingSize);
        }
        _sqesSize = p.sq_entries * (nuint)SqeSize;
        try
        {
            _sqRing = Map(fd, _sqRingSize, IORING_OFF_SQ_RING);
            _cqRing = single ? _sqRing : Map(fd, _cqRingSize, IORING_OFF_CQ_RING);
            _sqes = (byte*)Map(fd, _sqesSize, IORING_OFF_SQES);
        }
        catch
        {
            Unmap();
            throw;
        }

        byte* sq = (byte*)_sqRing;
        _sqHead = (uint*)(sq + p.sq_off.head);
        _sqTail = (uint*)(sq + p.sq_off.tail);
        _sqMask = *(uint*)(sq + p.sq_off.ring_mask);
        _sqEntries = *(uint*)(sq + p.sq_off.ring_entries);
        // Slot i of the index array always names SQE i: SQEs are filled in ring order.
        uint* array = (uint*)(sq + p.sq_off.array);
        for (uint i = 0; i < _sqEntries; i++)
        {
            array[i] = i;
        }
        _tail = *_sqTail;

        byte* cq = (byte*)_cqRing;
        _cqHead = (uint*)(cq + p.cq_off.head);
        _cqTail = (uint*)(cq + p.cq_off.tail);
        _cqMask = *(uint*)(cq + p.cq_off.ring_mask);
        _cqes = (Libc.io_uring_cqe*)(cq + p.cq_off.cqes);
    }

    /// <summary>A ring of at least <paramref name="entries"/> SQEs; throws IOException with the errno on failure.</summary>
    public static IoUringRing Create(uint entries)
    {
        var p = new Libc.io_uring_params { flags = Libc.IORING_SETUP_SQE128 | Libc.IORING_SETUP_SUBMIT_ALL };
        int fd = Libc.IoUringSetup(entries, &p);
        if (fd < 0)
        {
            throw FuseChannel.Failure("io_uring_setup", Marshal.GetLastPInvokeError());
        }
        try
        {
            return new IoUringRing(fd, p);
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    /// <summary>Makes <paramref name="fd"/> fixed file 0, saving a file lookup per SQE; returns 0 or errno.</summary>
    public int RegisterFile(int fd) =>
        Libc.IoUringRegister(_fd, Libc.IORING_REGISTER_FILES, &fd, 1) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>The next free 128-byte SQE, zeroed; it is submitted by the next <see cref="Enter"/>.</summary>
    public ref Libc.io_uring_sqe NextSqe()
    {
        if (_tail - Volatile.Read(ref *_sqHead) >= _sqEntries)
        {
            // Each SQE belongs to one entry or to the wake-up poll, and the ring has room for all of them.
            throw new InvalidOperationException("io_uring submission queue is full");
        }
        byte* slot = _sqes + (nuint)(_tail & _sqMask) * SqeSize;
        new Span<byte>(slot, SqeSize).Clear();
        _tail++;
        return ref Unsafe.AsRef<Libc.io_uring_sqe>(slot);
    }

    /// <summary>The 80-byte command area of an SQE (bytes 48..127 of its slot).</summary>
    public static byte* Command(ref Libc.io_uring_sqe sqe) => (byte*)Unsafe.AsPointer(ref sqe) + 48;

    /// <summary>
    /// Submits every SQE filled since the last call and, with <paramref name="minComplete"/> &gt; 0, sleeps until
    /// that many completions are ready. Returns 0 or errno (EINTR: call again, nothing is lost).
    /// </summary>
    public int Enter(uint minComplete)
    {
        Volatile.Write(ref *_sqTail, _tail);
        uint pending = _tail - Volatile.Read(ref *_sqHead);
        uint flags = minComplete > 0 ? Libc.IORING_ENTER_GETEVENTS : 0;
        return Libc.IoUringEnter(_fd, pending, minComplete, flags) < 0 ? Marshal.GetLastPInvokeError() : 0;
    }

    /// <summary>Takes the oldest completion, if any.</summary>
    public bool TryTake(out Libc.io_uring_cqe cqe)
    {
        uint head = *_cqHead;
        if (head == Volatile.Read(ref *_cqTail))
        {
            cqe = default;
            return false;
        }
        cqe = _cqes[head & _cqMask];
        Volatile.Write(ref *_cqHead, head + 1);
        return true;
    }

    /// <summary>Unmaps and closes; the kernel then cancels whatever is still in flight on this ring.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd < 0)
        {
            return;
        }
        Unmap();
        Libc.Close(fd);
    }

    private void Unmap()
    {
        if (_sqes is not null)
        {
            Libc.Munmap(_sqes, _sqesSize);
        }
        if (_cqRing is not null && _cqRing != _sqRing)
        {
            Libc.Munmap(_cqRing, _cqRingSize);
        }
        if (_sqRing is not null)
        {
            Libc.Munmap(_sqRing, _sqRingSize);
        }
    }

    private static void* Map(int fd, nuint size, long offset)
    {
        void* p = Libc.Mmap(null, size, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED | Libc.MAP_POPULATE, fd, offset);
        if ((nint)p == Libc.MAP_FAILED)
        {
            throw FuseChannel.Failure("mmap io_uring", Marshal.GetLastPInvokeError());
        }
        return p;
    }
}
