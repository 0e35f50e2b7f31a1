// Runs one FUSE connection: N reader threads (cloned fds, aligned per-thread buffers), INIT, shutdown, notifications.
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;
using Union.Linux.Fuse.Uring;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed class FuseSession : IDisposable
{
    private const int Alignment = 4096;

    private readonly FuseChannel _channel;
    private readonly FuseSessionOptions _options;
    private readonly FuseDispatcher _dispatcher;
    private readonly FuseUringTransport? _uring;
    private readonly List<FuseChannel> _clones = [];
    private readonly List<Thread> _threads = [];
    private readonly ReaderSpin _spin;
    // Readers beyond the first wait here while the rings serve; set on Stop.
    private readonly ManualResetEventSlim _unparked = new(false);
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private int _running;

    /// <summary>The session does not own <paramref name="channel"/> (the mount does); it owns the clones it makes.</summary>
    public FuseSession(FuseChannel channel, IFuseFileSystem fileSystem, FuseSessionOptions? options = null)
    {
        _channel = channel;
        _options = options ?? new FuseSessionOptions();
        // The rings must exist before INIT is answered: the reply may only offer io_uring if they do.
        _uring = _options.IoUring == IoUringUse.Never ? null
            : FuseUringTransport.TryCreate(channel, _options.MaxWrite, _options.Log, sayWhyNot: _options.IoUring == IoUringUse.Requested);
        _dispatcher = new FuseDispatcher(fileSystem, _uring is null ? _options with { IoUring = IoUringUse.Never } : _options);
        _spin = new ReaderSpin(_options.SpinMicroseconds);
    }

    /// <summary>Negotiated INIT result; null until the kernel's INIT was answered.</summary>
    public FuseConnectionInfo? Connection => _dispatcher.Connection;

    /// <summary>
    /// Completes when every reader (and io_uring queue thread) has left: unmount (ENODEV), DESTROY, Stop() or a
    /// fatal read error.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>True while the kernel delivers requests over io_uring rather than /dev/fuse reads.</summary>
    public bool IoUring => _uring?.Active == true;

    /// <summary>Requests answered over io_uring, per CPU queue; empty without io_uring.</summary>
    internal long[] IoUringRequests => _uring?.RequestsPerQueue ?? [];

    public void Start()
    {
        if (_threads.Count > 0)
        {
            throw new InvalidOperationException("Session already started.");
        }
        var channels = new List<FuseChannel> { _channel };
        for (int i = 1; i < _options.EffectiveThreads; i++)
        {
            try
            {
                FuseChannel clone = _channel.Clone();
                _clones.Add(clone);
                channels.Add(clone);
            }
            catch (IOException e)
            {
                _options.Log?.Invoke($"fuse: clone failed, running with {channels.Count} reader(s): {e.Message}");
                break;
            }
        }
        _running = channels.Count;
        for (int i = 0; i < channels.Count; i++)
        {
            FuseChannel ch = channels[i];
            int index = i;
            var t = new Thread(() => ReaderLoop(ch, index)) { IsBackground = true, Name = $"fuse-{i}" };
            _threads.Add(t);
        }
        foreach (Thread t in _threads)
        {
            t.Start();
        }
    }

    /// <summary>Asks readers to leave; idle ones notice within IdlePollMilliseconds. The caller still unmounts.</summary>
    public void Stop()
    {
        _stopping = true;
        _unparked.Set();
        _uring?.Stop();
    }

    /// <summary>Requests a reader took while spinning instead of sleeping.</summary>
    public long SpinCaught => _spin.Caught;

    public int BackingOpen(int fd, out int backingId) => _channel.BackingOpen(fd, out backingId);

    public int BackingClose(int backingId) => _channel.BackingClose(backingId);

    /// <summary>
    /// Drops the kernel's dentry for name in parent. Returns 0 or errno (ENOENT: not cached). Calling this from a
    /// handler of a request on that same directory can deadlock: the kernel holds the directory lock meanwhile.
    /// </summary>
    public int NotifyInvalEntry(ulong parent, ReadOnlySpan<byte> name)
    {
        const int maxName = 1024;
        if (name.IsEmpty || name.Length > maxName || name.Contains((byte)0))
        {
            return Errno.EINVAL;
        }
        Span<byte> buffer = stackalloc byte[FuseReplyWriter.HeaderSize + 16 + maxName + 1];
        var w = new FuseReplyWriter(buffer);
        ref fuse_notify_inval_entry_out e = ref w.Append<fuse_notify_inval_entry_out>();
        e.parent = parent;
        e.namelen = (uint)name.Length;
        w.Append(name);
        w.Append([0]);
        return _channel.Write(buffer[..w.CompleteNotify(FuseNotifyCode.FUSE_NOTIFY_INVAL_ENTRY)]);
    }

    /// <summary>Drops cached data of nodeId in [offset, offset+length) (length 0: to EOF; offset &lt; 0: attributes only).</summary>
    public int NotifyInvalInode(ulong nodeId, long offset, long length)
    {
        Span<byte> buffer = stackalloc byte[FuseReplyWriter.HeaderSize + 24];
        var w = new FuseReplyWriter(buffer);
        ref fuse_notify_inval_inode_out i = ref w.Append<fuse_notify_inval_inode_out>();
        i.ino = nodeId;
        i.off = offset;
        i.len = length;
        return _channel.Write(buffer[..w.CompleteNotify(FuseNotifyCode.FUSE_NOTIFY_INVAL_INODE)]);
    }

    public void Dispose()
    {
        Stop();
        foreach (Thread t in _threads)
        {
            if (t != Thread.CurrentThread)
            {
                t.Join();
            }
        }
        _uring?.Dispose();
        foreach (FuseChannel c in _clones)
        {
            c.Dispose();
        }
        _clones.Clear();
        _unparked.Dispose();
    }

    /// <summary>
    /// Once the rings serve, /dev/fuse carries only FORGET, INTERRUPT and notification replies, none of them urgent.
    /// One reader then suffices: more would all wake for each FORGET (poll wakes every waiter). It never spins, and
    /// after each request it lets the queue fill for a millisecond, so that an `rm -rf` sends its FORGETs in batches
    /// instead of waking a CPU for each unlinked file.
    /// </summary>
    private const int ControlBatchMilliseconds = 1;

    private unsafe void ReaderLoop(FuseChannel channel, int index)
    {
        // Request: max_write payload + room for fuse_in_header and the write_in; reply: max read + fuse_out_header.
        nuint size = (nuint)RoundUp(Math.Max((long)_options.MaxWrite + Alignment, FuseConstants.FUSE_MIN_READ_BUFFER));
        byte* request = (byte*)NativeMemory.AlignedAlloc(size, Alignment);
        byte* reply = (byte*)NativeMemory.AlignedAlloc(size, Alignment);
        try
        {
            var requestSpan = new Span<byte>(request, (int)size);
            var replySpan = new Span<byte>(reply, (int)size);
            while (!_stopping)
            {
                bool controlOnly = _uring?.Active == true;
                if (controlOnly && index > 0)
                {
                    _unparked.Wait(_options.IdlePollMilliseconds);
                    continue;
                }
                int n = controlOnly ? 0 : _spin.Read(channel, requestSpan);
                if (n == 0)
                {
                    n = channel.Read(requestSpan, _options.IdlePollMilliseconds);
                }
                if (n < 0)
                {
                    break;
                }
                if (n == 0)
                {
                    continue;
                }
                bool beforeInit = _dispatcher.Connection is null;
                int length = _dispatcher.Dispatch(requestSpan[..n], replySpan, out bool destroyed);
                if (length > 0)
                {
                    int errno = channel.Write(replySpan[..length]);
                    // ENOENT: the request was interrupted meanwhile; ENODEV: connection gone. Both are normal.
                    if (errno != 0 && errno != Errno.ENOENT && errno != Errno.ENODEV)
                    {
                        _options.Log?.Invoke($"fuse: writing reply failed: errno {errno}");
                    }
                }
                if (beforeInit && _dispatcher.Connection is { } connection)
                {
                    // The INIT reply is in: the kernel accepts ring registrations from now on.
                    _uring?.Activate(_dispatcher, connection);
                }
                if (destroyed)
                {
                    _stopping = true;
                }
                else if (controlOnly)
                {
                    Thread.Sleep(ControlBatchMilliseconds);
                }
            }
        }
        catch (Exception e)
        {
            _options.Log?.Invoke($"fuse: reader {Thread.CurrentThread.Name} stopped: {e.Message}");
            _stopping = true;
        }
        finally
        {
            NativeMemory.AlignedFree(request);
            NativeMemory.AlignedFree(reply);
            if (Interlocked.Decrement(ref _running) == 0)
            {
                Finish();
            }
        }
    }

    private void Finish()
    {
        if (_uring is null)
        {
            _completion.TrySetResult();
            return;
        }
        // On unmount the kernel ends the rings itself (ENOTCONN); otherwise they stop with the readers.
        if (_stopping)
        {
            _uring.Stop();
        }
        _uring.Completion.ContinueWith(_ => _completion.TrySetResult(), TaskScheduler.Default);
    }

    private static long RoundUp(long n) => (n + Alignment - 1) / Alignment * Alignment;
}
