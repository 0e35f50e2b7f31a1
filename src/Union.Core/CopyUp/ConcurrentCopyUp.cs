// Copying a file's data up without holding the engine lock, so a big copy-up blocks no other operation.
//
// Lock order: a thread holds the engine lock or waits on one node's CopyUpGate, never both; data is never copied
// with the engine lock held (but for the rare locked fallback below). The protocol for a lower regular file:
//   1. Under the lock: copy the parents up (directories: cheap). If another thread's gate stands on the node, let
//      go of the lock, wait on that gate and start over (it is in place by then, or failed and we try). Otherwise
//      put our gate on the node, pin the node (OpenCount) so it is not evicted, and capture the source.
//   2. No lock: build the copy under a temp name in work/union-work (data, owner, xattrs, mode, times, sync).
//   3. Under the lock: look again. Unlinked or replaced meanwhile: drop the temp (NotFound). Already in the upper
//      (a locked path such as rename could not wait and copied it itself): drop the temp, use that copy.
//      Else rename the temp into place (NOREPLACE) and point the node at it. Then take the gate off and open it.
// A lower file cannot move while lower (rename copies it up first), so its name and parent are the ones to use.
namespace Union.Core;

using Union.Core.CopyUp;
using Union.Core.Nodes;

public sealed partial class UnionFileSystem
{
    /// <summary>
    /// Copies a lower file's data up before the caller takes the lock for its own work. Does nothing for what the
    /// locked path does cheaply (directories, other kinds, entries already up, missing nodes: it reports those).
    /// </summary>
    private FsError CopyUpOutsideLock(ulong id)
    {
        while (true)
        {
            Node? node;
            CopyUpGate gate;
            CopySource? source = null;
            lock (_lock)
            {
                if (_upper is null || !_nodes.TryGetValue(id, out node) || node.Detached ||
                    node.Kind != FileKind.Regular || node.InUpper)
                    return FsError.None;
                if (node.CopyingUp is { } running) gate = running;
                else
                {
                    var error = EnsureUpper(node.Parent!);
                    if (error != FsError.None) return error;
                    if (node.HardLinked && TryLinkUpFromIndex(node, out error)) return error;
                    error = CaptureSource(node, withData: true, out source);
                    if (error != FsError.None) return error;
                    gate = new CopyUpGate();
                    node.CopyingUp = gate;
                    node.OpenCount++;
                }
            }
            if (source is null)
            {
                gate.Wait();
                continue;
            }
            return CopyAndPlace(node, source, gate);
        }
    }

    /// <summary>Rename's copy-ups: the child is resolved under the lock, its data copied outside it.</summary>
    private FsError CopyUpChildOutsideLock(ulong parentId, string name)
    {
        ulong id;
        lock (_lock)
        {
            if (!TryGetNode(parentId, out var parent, out _) || ResolveChild(parent, name, out var child) != FsError.None)
                return FsError.None;
            id = child!.Id;
        }
        return CopyUpOutsideLock(id);
    }

    private FsError CopyAndPlace(Node node, CopySource source, CopyUpGate gate)
    {
        string temp = NewTempName();
        var error = FsError.Io;
        try
        {
            using (source) error = BuildCopy(source, temp);
        }
        finally
        {
            // Whatever happened, the gate comes off and opens, or later openers would wait forever.
            lock (_lock)
            {
                try
                {
                    if (error == FsError.None) error = PlaceIfStillLower(node, temp, source);
                }
                finally
                {
                    // Unpinned, not evicted: it stays cached like any resolved node (callers may hold its id unreferenced).
                    node.CopyingUp = null;
                    node.OpenCount--;
                }
            }
            gate.Open();
        }
        return error;
    }

    /// <summary>Step 3 of the protocol: re-validate, then place the temp or drop it. Caller holds the lock.</summary>
    private FsError PlaceIfStillLower(Node node, string temp, CopySource source)
    {
        var error = node.Detached ? FsError.NotFound : node.InUpper ? FsError.None : EnsureUpper(node.Parent!);
        if (error != FsError.None || node.InUpper)
        {
            _host.Remove(_work!, temp, directory: false);
            return error;
        }
        return PlaceCopy(node, temp, source);
    }
}
