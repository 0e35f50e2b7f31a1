// Decodes one request, validates it, calls the filesystem and encodes the reply. No kernel, no threads: pure bytes.
using System.Runtime.InteropServices;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed partial class FuseDispatcher(IFuseFileSystem fs, FuseSessionOptions options)
{
    public const int InHeaderSize = 40;

    /// <summary>Handler result meaning "the kernel expects no reply" (FORGET, BATCH_FORGET, NOTIFY_REPLY).</summary>
    private const int NoReply = int.MinValue;
    private const int MaxErrno = 4095;

    private readonly IFuseFileSystem _fs = fs;
    private readonly FuseSessionOptions _options = options;
    private volatile FuseConnectionInfo? _connection;

    /// <summary>Set once INIT has been answered.</summary>
    public FuseConnectionInfo? Connection => _connection;

    /// <summary>
    /// Handles one request read from /dev/fuse and returns the reply length in <paramref name="reply"/>
    /// (0: send nothing). Never throws for any input.
    /// </summary>
    public int Dispatch(ReadOnlySpan<byte> request, Span<byte> reply, out bool destroyed)
    {
        destroyed = false;
        if (request.Length < InHeaderSize)
        {
            // Without a complete header there is no unique to answer; the kernel never sends this.
            _options.Log?.Invoke($"fuse: dropped {request.Length}-byte request shorter than fuse_in_header");
            return 0;
        }
        fuse_in_header h = MemoryMarshal.Read<fuse_in_header>(request);
        var op = (FuseOpcode)h.opcode;
        int result = NoReply;
        var w = new FuseReplyWriter(reply);
        try
        {
            result = Validate(in h, request.Length, out int bodyLength)
                ? Handle(op, in h, request.Slice(InHeaderSize, bodyLength), ref w, ref destroyed)
                : Errno.EINVAL;
        }
        catch (Exception e)
        {
            _options.Log?.Invoke($"fuse: {op} nodeid={h.nodeid} unique={h.unique} threw {e.GetType().Name}: {e.Message}");
            result = Errno.EIO;
            w = new FuseReplyWriter(reply);
        }
        if (op is FuseOpcode.FUSE_FORGET or FuseOpcode.FUSE_BATCH_FORGET or FuseOpcode.FUSE_NOTIFY_REPLY)
        {
            result = NoReply;
        }
        else if (result is < 0 or > MaxErrno)
        {
            result = Errno.EIO;
        }
        _options.Trace?.Invoke($"fuse: {op} nodeid={h.nodeid} unique={h.unique} -> {(result == NoReply ? "no reply" : result.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        if (result == NoReply)
        {
            return 0;
        }
        return result == 0 ? w.Complete(h.unique) : FuseReplyWriter.Error(reply, h.unique, result);
    }

    private static bool Validate(in fuse_in_header h, int received, out int bodyLength)
    {
        // total_extlen counts 8-byte units of extensions appended after the operation's own arguments.
        bodyLength = (int)h.len - InHeaderSize - h.total_extlen * 8;
        return h.len >= InHeaderSize && h.len <= (uint)received && bodyLength >= 0;
    }

    private int Handle(FuseOpcode op, in fuse_in_header h, ReadOnlySpan<byte> body, ref FuseReplyWriter w, ref bool destroyed)
    {
        var ctx = new FuseContext(h.nodeid, h.uid, h.gid, h.pid, h.unique);
        var r = new FuseRequestReader(body);
        if (op == FuseOpcode.FUSE_INIT)
        {
            return DoInit(ref r, ref w);
        }
        if (_connection is null)
        {
            return Errno.EIO;
        }
        switch (op)
        {
            case FuseOpcode.FUSE_LOOKUP: return DoLookup(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_FORGET: return DoForget(in ctx, ref r);
            case FuseOpcode.FUSE_BATCH_FORGET: return DoBatchForget(ref r);
            case FuseOpcode.FUSE_GETATTR: return DoGetAttr(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_SETATTR: return DoSetAttr(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_READLINK: return DoReadLink(in ctx, ref w);
            case FuseOpcode.FUSE_SYMLINK: return DoSymlink(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_MKNOD: return DoMknod(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_MKDIR: return DoMkdir(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_UNLINK: return r.TryReadName(out var un) ? _fs.Unlink(in ctx, un) : Errno.EINVAL;
            case FuseOpcode.FUSE_RMDIR: return r.TryReadName(out var rn) ? _fs.Rmdir(in ctx, rn) : Errno.EINVAL;
            case FuseOpcode.FUSE_RENAME: return DoRename(in ctx, ref r);
            case FuseOpcode.FUSE_RENAME2: return DoRename2(in ctx, ref r);
            case FuseOpcode.FUSE_LINK: return DoLink(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_OPEN: return DoOpen(in ctx, ref r, ref w, dir: false);
            case FuseOpcode.FUSE_OPENDIR: return DoOpen(in ctx, ref r, ref w, dir: true);
            case FuseOpcode.FUSE_READ: return DoRead(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_WRITE: return DoWrite(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_STATFS: return _fs.StatFs(in ctx, out w.Append<fuse_statfs_out>().st);
            case FuseOpcode.FUSE_RELEASE: return DoRelease(in ctx, ref r, dir: false);
            case FuseOpcode.FUSE_RELEASEDIR: return DoRelease(in ctx, ref r, dir: true);
            case FuseOpcode.FUSE_FSYNC: return DoFsync(in ctx, ref r, dir: false);
            case FuseOpcode.FUSE_FSYNCDIR: return DoFsync(in ctx, ref r, dir: true);
            case FuseOpcode.FUSE_FLUSH: return r.TryRead(out fuse_flush_in fl) ? _fs.Flush(in ctx, in fl) : Errno.EINVAL;
            case FuseOpcode.FUSE_SETXATTR: return DoSetXattr(in ctx, ref r);
            case FuseOpcode.FUSE_GETXATTR: return DoGetXattr(in ctx, ref r, ref w, list: false);
            case FuseOpcode.FUSE_LISTXATTR: return DoGetXattr(in ctx, ref r, ref w, list: true);
            case FuseOpcode.FUSE_REMOVEXATTR: return r.TryReadName(out var xn) ? _fs.RemoveXattr(in ctx, xn) : Errno.EINVAL;
            case FuseOpcode.FUSE_READDIR: return DoReadDir(in ctx, ref r, ref w, plus: false);
            case FuseOpcode.FUSE_READDIRPLUS: return DoReadDir(in ctx, ref r, ref w, plus: true);
            case FuseOpcode.FUSE_ACCESS: return r.TryRead(out fuse_access_in ai) ? _fs.Access(in ctx, ai.mask) : Errno.EINVAL;
            case FuseOpcode.FUSE_CREATE: return DoCreate(in ctx, ref r, ref w, tmpfile: false);
            case FuseOpcode.FUSE_TMPFILE: return DoCreate(in ctx, ref r, ref w, tmpfile: true);
            case FuseOpcode.FUSE_DESTROY:
                _fs.Destroy();
                destroyed = true;
                return 0;
            case FuseOpcode.FUSE_FALLOCATE: return r.TryRead(out fuse_fallocate_in fa) ? _fs.Fallocate(in ctx, in fa) : Errno.EINVAL;
            case FuseOpcode.FUSE_LSEEK: return DoLseek(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_COPY_FILE_RANGE: return DoCopyFileRange(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_STATX: return DoStatx(in ctx, ref r, ref w);
            case FuseOpcode.FUSE_NOTIFY_REPLY: return NoReply;
            // INTERRUPT: one ENOSYS and the kernel stops sending them. Everything else is unsupported.
            default: return Errno.ENOSYS;
        }
    }
}
