// Which requests a ring thread hands to the offload pool instead of serving them itself. A ring serves the requests
// of one CPU in order, so one that takes long (copying a file before a write, syncing it, copying a range of any
// size) would hold up every other request from that CPU. The ring thread also runs as SCHED_IDLE, which is harmless
// for a request of microseconds and not for one of seconds. Everything else is served inline: metadata, and READ and
// WRITE, which move at most max_write bytes each (a stream of them through the pool was about 10% slower).
using System.Runtime.CompilerServices;
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse.Uring;

internal static class SlowRequests
{
    private const int InHeaderSize = 40;
    private const uint O_ACCMODE = 0x3;
    private const uint O_TRUNC = 0x200;

    /// <summary>True for a request whose work may grow with a file's size: see the file comment.</summary>
    public static bool MayBlock(ReadOnlySpan<byte> request)
    {
        if (request.Length < InHeaderSize)
        {
            return false;
        }
        var opcode = (FuseOpcode)Unsafe.ReadUnaligned<fuse_in_header>(ref Unsafe.AsRef(in request[0])).opcode;
        switch (opcode)
        {
            // Data synced or moved in amounts the request does not bound. (READ and WRITE carry at most max_write
            // bytes, and a reader streams them: they stay on the ring.)
            case FuseOpcode.FUSE_FSYNC:
            case FuseOpcode.FUSE_FSYNCDIR:
            case FuseOpcode.FUSE_FALLOCATE:
            case FuseOpcode.FUSE_COPY_FILE_RANGE:
            // Changes to an existing file, which a file system may have to copy first (a union's copy-up).
            case FuseOpcode.FUSE_SETATTR:
            case FuseOpcode.FUSE_RENAME:
            case FuseOpcode.FUSE_RENAME2:
            case FuseOpcode.FUSE_LINK:
            case FuseOpcode.FUSE_SETXATTR:
            case FuseOpcode.FUSE_REMOVEXATTR:
                return true;
            case FuseOpcode.FUSE_OPEN:
                // An open that can write may need that copy too; a read-only open never does.
                if (request.Length < InHeaderSize + sizeof(uint))
                {
                    return false;
                }
                uint flags = Unsafe.ReadUnaligned<uint>(ref Unsafe.AsRef(in request[InHeaderSize]));
                return (flags & O_ACCMODE) != 0 || (flags & O_TRUNC) != 0;
            default:
                return false;
        }
    }
}
