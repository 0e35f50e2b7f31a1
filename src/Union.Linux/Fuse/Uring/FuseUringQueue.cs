// One CPU's FUSE queue: an io_uring, Depth registered entries and one thread pinned to that CPU serving them.
// The kernel queues a request on the ring of the CPU that issued it, so the reply never needs a cross-CPU wakeup,
// provided the requester stays on this CPU: see RunAsIdle. Requests that may take long go to the offload pool
// meanwhile the thread serves the others; it commits them when the pool hands them back.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse.Uring;

internal sealed unsafe class FuseUringQueue : IDisposable
{
    /// <summary>Entries per queue: one is served while the kernel fills the next, and slow ones may be offloaded.</summary>
    public const int Depth = 4;

    private const ulong WakeTag = ulong.MaxValue;
    private const int OutHeaderSize = 16;

    private readonly ushort _qid;
    private readonly IoUringRing _ring;
    private readonly FuseUringEntry[] _entries;
    private readonly fuse_uring_cmd[] _lastCommand = new fuse_uring_cmd[Depth];
    private int _wakeFd;
    private readonly Action<string>? _log;
    // Entries the offload pool has served, waiting for this thread to commit them.
    private readonly ConcurrentQueue<int> _offloadDone = new();
    private OffloadPool? _pool;
    private int _offloaded;
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _registered;
    // Entries the kernel still holds (not yet completed with an error); touched only by the queue thread.
    private int _held;
    private long _served;

    private FuseUringQueue(ushort qid, IoUringRing ring, FuseUringEntry[] entries, int wakeFd, Action<string>? log)
    {
        _qid = qid;
        _ring = ring;
        _entries = entries;
        _wakeFd = wakeFd;
        _log = log;
    }

    /// <summary>True once every entry was registered without an immediate error.</summary>
    public bool Registered => _registered;

    /// <summary>The largest reply an entry takes: fuse_out_header and the payload.</summary>
    public int ReplySize => OutHeaderSize + _entries[0].PayloadSize;

    /// <summary>Requests answered through this queue.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Creates the ring and the buffers (no kernel FUSE state yet); throws IOException on failure.</summary>
    public static FuseUringQueue Create(ushort qid, int deviceFd, int payloadSize, Action<string>? log)
    {
        // One SQE per entry and one for the wake-up poll.
        IoUringRing ring = IoUringRing.Create(Depth + 1);
        int wakeFd = -1;
        try
        {
            int errno = ring.RegisterFile(deviceFd);
            if (errno != 0)
            {
                throw FuseChannel.Failure("io_uring_register(FILES)", errno);
            }
            // Non-blocking: reading it after a wake-up must never put the ring thread to sleep.
            wakeFd = Libc.Eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
            if (wakeFd < 0)
            {
                throw FuseChannel.Failure("eventfd", Marshal.GetLastPInvokeError());
            }
            var entries = new FuseUringEntry[Depth];
            for (int i = 0; i < Depth; i++)
            {
                entries[i] = new FuseUringEntry(payloadSize);
            }
            return new FuseUringQueue(qid, ring, entries, wakeFd, log);
        }
        catch
        {
            if (wakeFd >= 0)
            {
                Libc.Close(wakeFd);
            }
            ring.Dispose();
            throw;
        }
    }

    /// <summary>Starts the queue's thread: it registers the entries (INIT must be answered by now) and serves.</summary>
    public void Start(FuseDispatcher dispatcher, OffloadPool pool, Action onExit)
    {
        _pool = pool;
        _thread = new Thread(() => Run(dispatcher, onExit)) { IsBackground = true, Name = $"fuse-uring-{_qid}" };
        _thread.Start();
    }

    /// <summary>Wakes the thread out of io_uring_enter and makes it leave.</summary>
    public void Stop()
    {
        _stopping = true;
        ulong one = 1;
        int fd = Volatile.Read(ref _wakeFd);
        if (fd >= 0)
        {
            Libc.Write(fd, &one, sizeof(ulong));
        }
    }

    public void Join()
    {
        if (_thread is { } t && t != Thread.CurrentThread)
        {
            t.Join();
        }
    }

    /// <summary>
    /// Closes the ring. Entry buffers are freed only when the kernel has released every entry (it completed each
    /// with an error, as on unmount); otherwise it may still copy a request into them, so they stay allocated.
    /// </summary>
    public void Dispose()
    {
        _ring.Dispose();
        int fd = Interlocked.Exchange(ref _wakeFd, -1);
        if (fd >= 0)
        {
            Libc.Close(fd);
        }
        if (_thread is null || _held == 0)
        {
            foreach (FuseUringEntry e in _entries)
            {
                e.Dispose();
            }
        }
    }

    private void Run(FuseDispatcher dispatcher, Action onExit)
    {
        Pin();
        RunAsIdle();
        int replySize = ReplySize;
        byte* reply = (byte*)NativeMemory.AlignedAlloc((nuint)replySize, 4096);
        try
        {
            for (int i = 0; i < Depth; i++)
            {
                Submit(i, fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER);
            }
            PollWakeFd();
            // The first enter only submits: registration errors arrive at once, success arrives with a request.
            bool first = true;
            while (!_stopping && (first || _held > 0))
            {
                if (first)
                {
                    _held = Depth;
                }
                int errno = _ring.Enter(first ? 0u : 1u);
                // EINTR: a signal; EAGAIN/EBUSY: completions must be reaped first. Draining below does that.
                if (errno is not (0 or Errno.EINTR or Errno.EAGAIN or Errno.EBUSY))
                {
                    _log?.Invoke($"fuse: io_uring queue {_qid}: io_uring_enter failed: errno {errno}");
                    break;
                }
                int registrationErrors = Drain(dispatcher, new Span<byte>(reply, replySize));
                if (first)
                {
                    _registered = registrationErrors == 0;
                    first = false;
                }
            }
        }
        catch (Exception e)
        {
            _log?.Invoke($"fuse: io_uring queue {_qid} stopped: {e.Message}");
        }
        finally
        {
            // The pool may still write into offloaded entries: their buffers must outlive that.
            SpinWait wait = default;
            while (Volatile.Read(ref _offloaded) > 0)
            {
                wait.SpinOnce(sleep1Threshold: 1);
            }
            NativeMemory.AlignedFree(reply);
            onExit();
        }
    }

    /// <summary>Called by the offload pool once it has put the reply into entry <paramref name="index"/>.</summary>
    public void ReturnOffloaded(int index)
    {
        _offloadDone.Enqueue(index);
        ulong one = 1;
        int fd = Volatile.Read(ref _wakeFd);
        if (fd >= 0)
        {
            Libc.Write(fd, &one, sizeof(ulong));
        }
        // Counted down last, and here rather than at the commit: a stopping thread waits for this (it commits no
        // more) before the buffers and the eventfd may go.
        Interlocked.Decrement(ref _offloaded);
    }

    /// <summary>Handles every ready completion; returns how many REGISTER commands failed.</summary>
    private int Drain(FuseDispatcher dispatcher, Span<byte> reply)
    {
        int registrationErrors = 0;
        while (_ring.TryTake(out Libc.io_uring_cqe cqe))
        {
            if (cqe.user_data == WakeTag)
            {
                if (cqe.res < 0)
                {
                    // The poll itself failed (the ring is going away): nothing can wake this thread any more.
                    _stopping = true;
                    continue;
                }
                CommitOffloaded();
                continue;
            }
            int i = (int)cqe.user_data;
            if (cqe.res == 0)
            {
                FuseUringEntry entry = _entries[i];
                bool wellFormed = entry.TryGetRequest(out ReadOnlySpan<byte> request);
                if (wellFormed && _pool is { } pool && SlowRequests.MayBlock(request))
                {
                    Interlocked.Increment(ref _offloaded);
                    pool.Post(this, i);
                    continue;
                }
                Answer(dispatcher, entry, wellFormed, request, reply);
                Submit(i, fuse_uring_cmd.FUSE_IO_URING_CMD_COMMIT_AND_FETCH);
                continue;
            }
            int errno = -cqe.res;
            if (errno is Errno.EAGAIN or Errno.EINTR)
            {
                Submit(i, _lastCommand[i]);
                continue;
            }
            // The kernel has dropped the entry. ENOTCONN/ECONNABORTED/ECANCELED/ENODEV: the connection is ending.
            _held--;
            if (_lastCommand[i] == fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER)
            {
                registrationErrors++;
            }
            if (errno is not (Errno.ENOTCONN or Errno.ECONNABORTED or Errno.ECANCELED or Errno.ENODEV))
            {
                // After a failed REGISTER the kernel turns io_uring off for the connection: /dev/fuse serves on.
                string what = _lastCommand[i] == fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER
                    ? "registration failed" : "commit failed";
                string then = _lastCommand[i] == fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER
                    ? "; serving requests through /dev/fuse reads" : "";
                _log?.Invoke($"fuse: io_uring queue {_qid}: {what}: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}){then}");
            }
        }
        return registrationErrors;
    }

    /// <summary>
    /// The wake-up eventfd fired: the pool returned entries (commit them, then poll again) or Stop was called.
    /// Stopping, an entry still offloaded is not committed: the connection is going away.
    /// </summary>
    private void CommitOffloaded()
    {
        ulong count;
        Libc.Read(_wakeFd, &count, sizeof(ulong));
        while (_offloadDone.TryDequeue(out int i))
        {
            if (!_stopping)
            {
                Submit(i, fuse_uring_cmd.FUSE_IO_URING_CMD_COMMIT_AND_FETCH);
            }
        }
        if (!_stopping)
        {
            PollWakeFd();
        }
    }

    private void PollWakeFd()
    {
        ref Libc.io_uring_sqe wake = ref _ring.NextSqe();
        wake.opcode = Libc.IORING_OP_POLL_ADD;
        wake.fd = _wakeFd;
        wake.op_flags = (uint)Libc.POLLIN;
        wake.user_data = WakeTag;
    }

    /// <summary>Answers the request in entry <paramref name="index"/> into its buffer (the commit is the caller's).</summary>
    public void Serve(FuseDispatcher dispatcher, int index, Span<byte> reply)
    {
        FuseUringEntry entry = _entries[index];
        bool wellFormed = entry.TryGetRequest(out ReadOnlySpan<byte> request);
        Answer(dispatcher, entry, wellFormed, request, reply);
    }

    /// <summary>Answers an entry's request, already rebuilt by TryGetRequest, into the entry's buffer.</summary>
    private void Answer(FuseDispatcher dispatcher, FuseUringEntry entry, bool wellFormed, ReadOnlySpan<byte> request, Span<byte> reply)
    {
        Interlocked.Increment(ref _served);
        if (!wellFormed)
        {
            _log?.Invoke($"fuse: io_uring queue {_qid}: malformed request (unique {entry.Unique})");
            entry.SetError(Errno.EIO);
            return;
        }
        int length = dispatcher.Dispatch(request, reply, out bool destroyed);
        if (length > 0)
        {
            entry.SetReply(reply[..length]);
        }
        else
        {
            // Every ring request needs a commit to free its entry; the ones the dispatcher leaves unanswered
            // (FORGET, NOTIFY_REPLY) travel through /dev/fuse, so this is only a guard.
            entry.SetError(Errno.ENOSYS);
        }
        if (destroyed)
        {
            _stopping = true;
        }
    }

    private void Submit(int index, fuse_uring_cmd command)
    {
        FuseUringEntry entry = _entries[index];
        ref Libc.io_uring_sqe sqe = ref _ring.NextSqe();
        sqe.opcode = Libc.IORING_OP_URING_CMD;
        sqe.flags = Libc.IOSQE_FIXED_FILE;
        sqe.fd = 0;
        sqe.off = (uint)command;
        sqe.user_data = (ulong)index;
        var cmd = (fuse_uring_cmd_req*)IoUringRing.Command(ref sqe);
        cmd->qid = _qid;
        if (command == fuse_uring_cmd.FUSE_IO_URING_CMD_REGISTER)
        {
            sqe.addr = (ulong)entry.Buffers;
            sqe.len = 2;
        }
        else
        {
            cmd->commit_id = entry.CommitId;
        }
        _lastCommand[index] = command;
    }

    /// <summary>
    /// The thread runs as SCHED_IDLE. The reply to a request wakes its requester, and the scheduler places a wakee
    /// on a CPU that runs only SCHED_IDLE tasks, where it would otherwise pick the idle other CPU: the requester
    /// would bounce between CPUs, one cross-CPU wakeup per round trip. Idle also means a new request does not
    /// preempt its requester before that one sleeps. Starvation is not a risk: the thread serves only requests of
    /// microseconds (the rest go to the offload pool), and the scheduler runs an eligible idle task when the busy ones
    /// have had their share. Lowering one's own policy needs no privilege. Best effort: a failure changes nothing else.
    /// </summary>
    private static void RunAsIdle()
    {
        int priority = 0;
        Libc.SchedSetscheduler(0, Libc.SCHED_IDLE, &priority);
    }

    /// <summary>Best effort: a CPU outside the allowed set (cpuset, offline) still gets its queue served, just not locally.</summary>
    private void Pin()
    {
        byte* mask = stackalloc byte[Libc.CpuSetBytes];
        new Span<byte>(mask, Libc.CpuSetBytes).Clear();
        if (_qid >= Libc.CpuSetBytes * 8)
        {
            return;
        }
        mask[_qid / 8] = (byte)(1 << (_qid % 8));
        Libc.SchedSetaffinity(0, Libc.CpuSetBytes, mask);
    }
}
