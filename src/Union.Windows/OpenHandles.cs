// The table behind DOKAN_FILE_INFO.Context: small integers for dokan2.dll (a bad value finds nothing instead of
// crashing, as a GCHandle would) and, per engine node, the opens that share it.
namespace Union.Windows;

internal sealed class OpenHandles
{
    private readonly Lock _lock = new();
    private readonly Dictionary<ulong, OpenHandle> _byContext = [];
    private readonly Dictionary<ulong, List<OpenHandle>> _byNode = [];
    private ulong _next;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byContext.Count;
            }
        }
    }

    public ulong Add(OpenHandle handle)
    {
        lock (_lock)
        {
            var context = ++_next;
            _byContext.Add(context, handle);
            if (!_byNode.TryGetValue(handle.NodeId, out var siblings))
            {
                _byNode.Add(handle.NodeId, siblings = []);
            }

            siblings.Add(handle);
            return context;
        }
    }

    public OpenHandle? Get(ulong context)
    {
        lock (_lock)
        {
            return _byContext.GetValueOrDefault(context);
        }
    }

    public OpenHandle? Remove(ulong context)
    {
        lock (_lock)
        {
            if (!_byContext.Remove(context, out var handle))
            {
                return null;
            }

            var siblings = _byNode[handle.NodeId];
            siblings.Remove(handle);
            if (siblings.Count == 0)
            {
                _byNode.Remove(handle.NodeId);
            }

            return handle;
        }
    }

    // The entry is being deleted at its last Cleanup: opens kept alive by mapped views let go of their host
    // files too, so nothing keeps the entry busy.
    public void MarkDeleted(ulong nodeId)
    {
        lock (_lock)
        {
            if (_byNode.TryGetValue(nodeId, out var siblings))
            {
                foreach (var handle in siblings)
                {
                    handle.MarkDeleted();
                }
            }
        }
    }

    // A write open copied the node up: the other opens that still read a lower layer must follow it
    // (the Windows cache manager may page through any of them).
    public void MarkStale(ulong nodeId, OpenHandle writer)
    {
        lock (_lock)
        {
            if (!_byNode.TryGetValue(nodeId, out var siblings))
            {
                return;
            }

            foreach (var handle in siblings)
            {
                if (handle != writer)
                {
                    lock (handle.Gate)
                    {
                        handle.Stale = handle.File is { InUpper: false };
                    }
                }
            }
        }
    }
}
