// Threads that serve the requests ring threads must not (see SlowRequests). They are ordinary SCHED_OTHER threads
// on any CPU, started by the thread that activates the rings (a /dev/fuse reader) so that they do not inherit a ring
// thread's SCHED_IDLE. A served entry goes back to its queue, whose thread commits it.
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse.Uring;

internal sealed unsafe class OffloadPool : IDisposable
{
    private readonly ConcurrentQueue<(FuseUringQueue Queue, int Entry)> _work = new();
    private readonly SemaphoreSlim _ready = new(0);
    private readonly Thread[] _threads;
    private readonly FuseDispatcher _dispatcher;
    private readonly int _replySize;
    private readonly Action<string>? _log;
    private volatile bool _stopping;

    public OffloadPool(int threads, FuseDispatcher dispatcher, int replySize, Action<string>? log)
    {
        _dispatcher = dispatcher;
        _replySize = replySize;
        _log = log;
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Run) { IsBackground = true, Name = $"fuse-offload-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Queues one fetched entry; the pool serves it and hands it back through <see cref="FuseUringQueue.ReturnOffloaded"/>.</summary>
    public void Post(FuseUringQueue queue, int entry)
    {
        _work.Enqueue((queue, entry));
        _ready.Release();
    }

    /// <summary>Lets the threads leave once the queued work is done.</summary>
    public void Dispose()
    {
        _stopping = true;
        _ready.Release(_threads.Length);
        foreach (Thread t in _threads)
        {
            if (t != Thread.CurrentThread)
            {
                t.Join();
            }
        }
    }

    private void Run()
    {
        byte* reply = (byte*)NativeMemory.AlignedAlloc((nuint)_replySize, 4096);
        try
        {
            var replySpan = new Span<byte>(reply, _replySize);
            while (true)
            {
                _ready.Wait();
                if (!_work.TryDequeue(out var item))
                {
                    if (_stopping)
                    {
                        return;
                    }
                    continue;
                }
                try
                {
                    item.Queue.Serve(_dispatcher, item.Entry, replySpan);
                }
                catch (Exception e)
                {
                    // The dispatcher turns a handler's exception into EIO; this only keeps the thread alive.
                    _log?.Invoke($"fuse: offloaded request failed: {e.Message}");
                }
                item.Queue.ReturnOffloaded(item.Entry);
            }
        }
        finally
        {
            NativeMemory.AlignedFree(reply);
        }
    }
}
