// A forward-only view over a request body (after fuse_in_header): fixed structs, NUL-terminated names, payloads.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Union.Linux.Fuse;

internal ref struct FuseRequestReader(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> _rest = body;

    public readonly ReadOnlySpan<byte> Remaining => _rest;

    public bool TryRead<T>(out T value) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        if (_rest.Length < size)
        {
            value = default;
            return false;
        }
        value = MemoryMarshal.Read<T>(_rest);
        _rest = _rest[size..];
        return true;
    }

    /// <summary>Reads the first <paramref name="available"/> bytes of a struct whose tail is optional on the wire.</summary>
    public bool TryReadPrefix<T>(int available, out T value) where T : unmanaged
    {
        value = default;
        if (available < 0 || available > Unsafe.SizeOf<T>() || _rest.Length < available)
        {
            return false;
        }
        _rest[..available].CopyTo(MemoryMarshal.AsBytes(new Span<T>(ref value)));
        _rest = _rest[available..];
        return true;
    }

    /// <summary>A name ends at its NUL; the returned span excludes it. No NUL in the body means a malformed request.</summary>
    public bool TryReadName(out ReadOnlySpan<byte> name)
    {
        int nul = _rest.IndexOf((byte)0);
        if (nul < 0)
        {
            name = default;
            return false;
        }
        name = _rest[..nul];
        _rest = _rest[(nul + 1)..];
        return true;
    }

    public bool TryReadBytes(uint length, out ReadOnlySpan<byte> bytes)
    {
        if (length > (uint)_rest.Length)
        {
            bytes = default;
            return false;
        }
        bytes = _rest[..(int)length];
        _rest = _rest[(int)length..];
        return true;
    }
}
