// Builds one reply in a caller-owned buffer: fuse_out_header at offset 0, payload appended after it.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse;

internal ref struct FuseReplyWriter
{
    public const int HeaderSize = 16;

    private readonly Span<byte> _buffer;
    private int _length;

    public FuseReplyWriter(Span<byte> buffer)
    {
        if (buffer.Length < HeaderSize)
        {
            throw new ArgumentException("Reply buffer is smaller than fuse_out_header.", nameof(buffer));
        }
        _buffer = buffer;
        _length = 0;
    }

    /// <summary>Payload bytes written so far.</summary>
    public readonly int PayloadLength => _length;

    /// <summary>The unwritten tail of the payload area; fill it and call <see cref="Advance"/>.</summary>
    public readonly Span<byte> Free => _buffer[(HeaderSize + _length)..];

    /// <summary>Zeroes and appends a struct, returning a reference into the buffer to fill in place.</summary>
    public ref T Append<T>() where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        Span<byte> slot = Free[..size];
        slot.Clear();
        _length += size;
        return ref MemoryMarshal.AsRef<T>(slot);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free);
        _length += bytes.Length;
    }

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Free.Length);
        _length += count;
    }

    /// <summary>Shrinks the payload (e.g. to a compat struct size).</summary>
    public void Truncate(int payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, _length);
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        _length = payloadLength;
    }

    /// <summary>Writes a success header; returns the total reply length.</summary>
    public readonly int Complete(ulong unique) => WriteHeader(_buffer, unique, 0, HeaderSize + _length);

    /// <summary>Writes an error-only reply (positive errno in, negative on the wire); returns its length.</summary>
    public static int Error(Span<byte> buffer, ulong unique, int errno) => WriteHeader(buffer, unique, -errno, HeaderSize);

    /// <summary>Unsolicited notification: unique 0, error carries the notify code.</summary>
    public readonly int CompleteNotify(FuseNotifyCode code) => WriteHeader(_buffer, 0, (int)code, HeaderSize + _length);

    private static int WriteHeader(Span<byte> buffer, ulong unique, int error, int length)
    {
        ref fuse_out_header h = ref MemoryMarshal.AsRef<fuse_out_header>(buffer);
        h.len = (uint)length;
        h.error = error;
        h.unique = unique;
        return length;
    }
}
