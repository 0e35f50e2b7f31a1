// Requests come in bursts (a build, `git status`, `rm -rf`): each waits for the previous reply. A reader that
// sleeps after every reply makes the next request wake a sleeping CPU, which on a virtual machine costs more than
// the request itself. So after a reply one reader keeps polling the queue for a short while before it sleeps.
// Only one reader spins at a time, so an idle burst burns at most one core for the spin window, and a machine with a
// single CPU never spins: there the spinner would only delay the process it is waiting for.
using System.Diagnostics;

namespace Union.Linux.Fuse;

internal sealed class ReaderSpin
{
    private readonly long _windowTicks;
    private int _spinning;
    private long _caught;

    public ReaderSpin(int microseconds)
    {
        bool useful = microseconds > 0 && Environment.ProcessorCount > 1;
        _windowTicks = useful ? microseconds * Stopwatch.Frequency / 1_000_000 : 0;
    }

    public bool Enabled => _windowTicks > 0;

    /// <summary>Requests a spinning reader took without sleeping.</summary>
    public long Caught => Volatile.Read(ref _caught);

    /// <summary>
    /// Polls <paramref name="channel"/> for the spin window, unless another reader already does. Returns the request's
    /// length, 0 when none came (or this reader may not spin), -1 when the connection is gone.
    /// </summary>
    public int Read(FuseChannel channel, Span<byte> buffer)
    {
        if (!Enabled || Interlocked.CompareExchange(ref _spinning, 1, 0) != 0)
        {
            return 0;
        }
        try
        {
            long deadline = Stopwatch.GetTimestamp() + _windowTicks;
            do
            {
                int n = channel.TryRead(buffer);
                if (n != 0)
                {
                    if (n > 0)
                    {
                        Interlocked.Increment(ref _caught);
                    }
                    return n;
                }
                Thread.SpinWait(16);
            }
            while (Stopwatch.GetTimestamp() < deadline);
            return 0;
        }
        finally
        {
            Volatile.Write(ref _spinning, 0);
        }
    }
}
