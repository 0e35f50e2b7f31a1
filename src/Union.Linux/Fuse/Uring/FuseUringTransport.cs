// FUSE over io_uring (Linux 6.14+): rings prepared before INIT, one pinned thread per CPU queue started once INIT
// accepted FUSE_OVER_IO_URING. /dev/fuse stays open beside it: INIT, FORGET and INTERRUPT always travel there, and
// it serves everything when the kernel declines the ring.
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse.Uring;

internal sealed class FuseUringTransport : IDisposable
{
    public const string EnableParameter = "/sys/module/fuse/parameters/enable_uring";
    private const string Fallback = "; serving requests through /dev/fuse reads";
    private const string HowToEnable = "as root: echo Y > " + EnableParameter;

    private readonly FuseUringQueue[] _queues;
    private readonly Action<string>? _log;
    private readonly bool _sayWhyNot;
    private OffloadPool? _pool;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;
    private int _running;

    private FuseUringTransport(FuseUringQueue[] queues, Action<string>? log, bool sayWhyNot)
    {
        _queues = queues;
        _log = log;
        _sayWhyNot = sayWhyNot;
    }

    /// <summary>True while every CPU's queue is registered with the kernel: requests travel over the rings.</summary>
    public bool Active => Volatile.Read(ref _started) == 1 && !_completion.Task.IsCompleted && AllRegistered();

    /// <summary>Requests answered through the rings, per queue (index = CPU).</summary>
    public long[] RequestsPerQueue => _queues.Select(q => q.Served).ToArray();

    /// <summary>Completes when every queue thread has left (or at once if the rings were never started).</summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Prepares one queue per possible CPU, or returns null (the caller then stays on /dev/fuse), explaining why in
    /// one log line if <paramref name="sayWhyNot"/>. Changes no system setting.
    /// </summary>
    public static FuseUringTransport? TryCreate(FuseChannel channel, uint maxWrite, Action<string>? log, bool sayWhyNot)
    {
        Action<string>? whyNot = sayWhyNot ? log : null;
        string? unavailable = WhyUnavailable();
        if (unavailable is not null)
        {
            whyNot?.Invoke("fuse: io_uring requested but " + unavailable + Fallback);
            return null;
        }
        int cpus = PossibleCpus.Read();
        if (cpus is < 1 or > ushort.MaxValue)
        {
            whyNot?.Invoke($"fuse: io_uring requested but {PossibleCpus.Path} is unreadable{Fallback}");
            return null;
        }
        var queues = new List<FuseUringQueue>(cpus);
        try
        {
            int payloadSize = PayloadSize(maxWrite);
            for (int qid = 0; qid < cpus; qid++)
            {
                queues.Add(FuseUringQueue.Create((ushort)qid, channel.Fd, payloadSize, log));
            }
            return new FuseUringTransport([.. queues], log, sayWhyNot);
        }
        catch (IOException e)
        {
            foreach (FuseUringQueue q in queues)
            {
                q.Dispose();
            }
            whyNot?.Invoke("fuse: io_uring requested but " + e.Message + Fallback);
            return null;
        }
    }

    /// <summary>
    /// Called once the INIT reply is written (the kernel refuses registration before). Starts the queue threads
    /// if the connection accepted FUSE_OVER_IO_URING; otherwise logs why not and ends.
    /// </summary>
    public void Activate(FuseDispatcher dispatcher, FuseConnectionInfo connection)
    {
        if (!connection.Has(FuseInitFlags.FUSE_OVER_IO_URING))
        {
            if (_sayWhyNot)
            {
                _log?.Invoke("fuse: io_uring requested but the kernel did not offer it at INIT (" + HowToEnable + ")" + Fallback);
            }
            Stop();
            return;
        }
        if (Interlocked.CompareExchange(ref _started, 1, 0) != 0)
        {
            return;
        }
        _running = _queues.Length;
        // Started here, on a /dev/fuse reader, so that the pool's threads are SCHED_OTHER like it.
        _pool = new OffloadPool(Math.Clamp(Environment.ProcessorCount, 2, 8), dispatcher, _queues[0].ReplySize, _log);
        foreach (FuseUringQueue q in _queues)
        {
            q.Start(dispatcher, _pool, Leave);
        }
    }

    /// <summary>Asks every queue thread to leave; before activation it just ends the transport.</summary>
    public void Stop()
    {
        if (Interlocked.CompareExchange(ref _started, 2, 0) == 0)
        {
            _completion.TrySetResult();
            return;
        }
        foreach (FuseUringQueue q in _queues)
        {
            q.Stop();
        }
    }

    public void Dispose()
    {
        Stop();
        foreach (FuseUringQueue q in _queues)
        {
            q.Join();
        }
        _pool?.Dispose();
        foreach (FuseUringQueue q in _queues)
        {
            q.Dispose();
        }
    }

    /// <summary>The kernel's ring payload is max(FUSE_MIN_READ_BUFFER, max_write, max_pages pages); registration
    /// refuses a smaller buffer. 128 KiB covers max_pages' default (32) if the MAX_PAGES flag were not negotiated.</summary>
    internal static int PayloadSize(uint maxWrite)
    {
        const uint page = 4096;
        uint pages = (Math.Clamp(maxWrite, page, 256 * page) + page - 1) / page;
        return (int)Math.Max(32 * page, pages * page);
    }

    private static string? WhyUnavailable()
    {
        try
        {
            string value = File.ReadAllText(EnableParameter).Trim();
            return value == "Y" ? null : $"{EnableParameter} is {value} ({HowToEnable})";
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return "this kernel has no FUSE over io_uring (Linux 6.14+ built with CONFIG_FUSE_IO_URING)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{EnableParameter} is unreadable ({e.Message})";
        }
    }

    // Asked by /dev/fuse readers after every request: no allocation.
    private bool AllRegistered()
    {
        foreach (FuseUringQueue q in _queues)
        {
            if (!q.Registered)
            {
                return false;
            }
        }
        return true;
    }

    private void Leave()
    {
        if (Interlocked.Decrement(ref _running) == 0)
        {
            _completion.TrySetResult();
        }
    }
}
