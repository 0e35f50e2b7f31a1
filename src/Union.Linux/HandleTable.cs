// Maps the 64-bit handles the kernel hands back (fh) to open objects: a slot table with a free list, so a
// handle is an index and lookups cost no allocation.
namespace Union.Linux;

internal sealed class HandleTable<T> where T : class
{
    private readonly Lock _lock = new();
    private readonly List<T?> _slots = [];
    private readonly Stack<int> _free = new();

    public ulong Add(T value)
    {
        lock (_lock)
        {
            if (_free.TryPop(out int index)) _slots[index] = value;
            else { index = _slots.Count; _slots.Add(value); }
            return (ulong)index + 1;
        }
    }

    public T? Get(ulong handle)
    {
        lock (_lock)
            return handle == 0 || handle > (ulong)_slots.Count ? null : _slots[(int)(handle - 1)];
    }

    public T? Remove(ulong handle)
    {
        lock (_lock)
        {
            if (handle == 0 || handle > (ulong)_slots.Count) return null;
            int index = (int)(handle - 1);
            var value = _slots[index];
            if (value is null) return null;
            _slots[index] = null;
            _free.Push(index);
            return value;
        }
    }

    public int Count
    {
        get { lock (_lock) return _slots.Count - _free.Count; }
    }
}
