// Decoding of the open-file and directory-handle operations: open, read, write, release, readdir, xattrs, seek.
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed partial class FuseDispatcher
{
    private int DoOpen(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w, bool dir)
    {
        if (!r.TryRead(out fuse_open_in o))
        {
            return Errno.EINVAL;
        }
        ref fuse_open_out output = ref w.Append<fuse_open_out>();
        return dir ? _fs.OpenDir(in ctx, in o, out output) : _fs.Open(in ctx, in o, out output);
    }

    private int DoRead(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_read_in rd) || rd.size > (uint)w.Free.Length)
        {
            return Errno.EINVAL;
        }
        // The data goes straight into the reply buffer, right after fuse_out_header.
        int rc = _fs.Read(in ctx, in rd, w.Free[..(int)rd.size], out int n);
        if (rc != 0)
        {
            return rc;
        }
        if ((uint)n > rd.size)
        {
            return Errno.EIO;
        }
        w.Advance(n);
        return 0;
    }

    private int DoWrite(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_write_in wr) || !r.TryReadBytes(wr.size, out var data))
        {
            return Errno.EINVAL;
        }
        int rc = _fs.Write(in ctx, in wr, data, out uint written);
        if (rc == 0)
        {
            w.Append<fuse_write_out>().size = written;
        }
        return rc;
    }

    private int DoRelease(in FuseContext ctx, ref FuseRequestReader r, bool dir)
    {
        if (!r.TryRead(out fuse_release_in rel))
        {
            return Errno.EINVAL;
        }
        return dir ? _fs.ReleaseDir(in ctx, in rel) : _fs.Release(in ctx, in rel);
    }

    private int DoFsync(in FuseContext ctx, ref FuseRequestReader r, bool dir)
    {
        if (!r.TryRead(out fuse_fsync_in f))
        {
            return Errno.EINVAL;
        }
        return dir ? _fs.FsyncDir(in ctx, in f) : _fs.Fsync(in ctx, in f);
    }

    private int DoReadDir(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w, bool plus)
    {
        if (!r.TryRead(out fuse_read_in rd) || rd.size > (uint)w.Free.Length)
        {
            return Errno.EINVAL;
        }
        var entries = new FuseDirentWriter(w.Free[..(int)rd.size]);
        int rc = plus ? _fs.ReadDirPlus(in ctx, in rd, ref entries) : _fs.ReadDir(in ctx, in rd, ref entries);
        if (rc == 0)
        {
            w.Advance(entries.Length);
        }
        return rc;
    }

    private int DoSetXattr(in FuseContext ctx, ref FuseRequestReader r)
    {
        // Only with FUSE_SETXATTR_EXT does the kernel send the 16-byte form (setxattr_flags).
        bool ext = _connection!.Has(FuseInitFlags.FUSE_SETXATTR_EXT);
        int headerSize = ext ? System.Runtime.CompilerServices.Unsafe.SizeOf<fuse_setxattr_in>() : fuse_setxattr_in.COMPAT_SIZE;
        if (!r.TryReadPrefix(headerSize, out fuse_setxattr_in s) || !r.TryReadName(out var name)
            || !r.TryReadBytes(s.size, out var value))
        {
            return Errno.EINVAL;
        }
        return _fs.SetXattr(in ctx, name, value, s.flags, s.setxattr_flags);
    }

    private int DoGetXattr(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w, bool list)
    {
        if (!r.TryRead(out fuse_getxattr_in g))
        {
            return Errno.EINVAL;
        }
        ReadOnlySpan<byte> name = default;
        if (!list && !r.TryReadName(out name))
        {
            return Errno.EINVAL;
        }
        // size 0 asks for the length only; the payload area serves as scratch for the value then.
        Span<byte> space = g.size == 0 ? w.Free : w.Free[..(int)Math.Min(g.size, (uint)w.Free.Length)];
        int rc = list ? _fs.ListXattr(in ctx, space, out int length) : _fs.GetXattr(in ctx, name, space, out length);
        if (rc != 0)
        {
            return rc;
        }
        if (length < 0)
        {
            return Errno.EIO;
        }
        if (g.size == 0)
        {
            w.Append<fuse_getxattr_out>().size = (uint)length;
            return 0;
        }
        if ((uint)length > g.size || length > space.Length)
        {
            return Errno.ERANGE;
        }
        w.Advance(length);
        return 0;
    }

    private int DoLseek(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_lseek_in l))
        {
            return Errno.EINVAL;
        }
        return _fs.Lseek(in ctx, in l, out w.Append<fuse_lseek_out>().offset);
    }

    private int DoCopyFileRange(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_copy_file_range_in c))
        {
            return Errno.EINVAL;
        }
        // Reply is a fuse_write_out whose size is the number of bytes copied.
        return _fs.CopyFileRange(in ctx, in c, out w.Append<fuse_write_out>().size);
    }
}
