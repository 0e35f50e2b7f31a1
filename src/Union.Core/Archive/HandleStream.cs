// A read-only stream over a file handle it does not own, reading by position (pread): lets tar entries read
// straight from a layer's or the engine's open file.
namespace Union.Core.Archive;

using Microsoft.Win32.SafeHandles;

internal sealed class HandleStream(SafeFileHandle handle, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;
    // Seekable, so TarWriter can take the length up front even when the archive stream is not.
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => _position = value; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Never past the size taken at stat time: a tar header already promised that many bytes.
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0) return 0;
        int n = RandomAccess.Read(handle, buffer[..wanted], _position);
        if (n == 0) throw new IOException("file shrank while it was being archived");
        _position += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => length + offset,
    };
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
