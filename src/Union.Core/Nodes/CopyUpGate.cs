// The per-node gate of a file copy-up that runs outside the engine lock: later openers wait on it, not on the lock.
namespace Union.Core.Nodes;

/// <summary>
/// Set on a node (under the engine lock) while one thread copies its data up without holding that lock. Waiters
/// block here with the engine lock released, then look at the node again: the copy is in place, or it failed or
/// was overtaken and they try themselves. Opened once, never reset.
/// </summary>
internal sealed class CopyUpGate
{
    private readonly ManualResetEventSlim _done = new();

    public void Open() => _done.Set();

    public void Wait() => _done.Wait();
}
