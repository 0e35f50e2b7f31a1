// Decoding of the namespace and attribute operations: lookup, forget, getattr/setattr/statx, links, names.
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed partial class FuseDispatcher
{
    private int DoLookup(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryReadName(out var name))
        {
            return Errno.EINVAL;
        }
        return _fs.Lookup(in ctx, name, out w.Append<fuse_entry_out>());
    }

    private int DoForget(in FuseContext ctx, ref FuseRequestReader r)
    {
        if (r.TryRead(out fuse_forget_in f))
        {
            _fs.Forget(ctx.NodeId, f.nlookup);
        }
        return NoReply;
    }

    private int DoBatchForget(ref FuseRequestReader r)
    {
        if (!r.TryRead(out fuse_batch_forget_in b))
        {
            return NoReply;
        }
        // A count larger than the body is malformed; forget only the entries actually present.
        for (uint i = 0; i < b.count && r.TryRead(out fuse_forget_one one); i++)
        {
            _fs.Forget(one.nodeid, one.nlookup);
        }
        return NoReply;
    }

    private int DoGetAttr(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_getattr_in g))
        {
            return Errno.EINVAL;
        }
        return _fs.GetAttr(in ctx, in g, out w.Append<fuse_attr_out>());
    }

    private int DoSetAttr(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_setattr_in s))
        {
            return Errno.EINVAL;
        }
        return _fs.SetAttr(in ctx, in s, out w.Append<fuse_attr_out>());
    }

    private int DoStatx(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_statx_in s))
        {
            return Errno.EINVAL;
        }
        return _fs.Statx(in ctx, in s, out w.Append<fuse_statx_out>());
    }

    private int DoReadLink(in FuseContext ctx, ref FuseReplyWriter w)
    {
        Span<byte> space = w.Free;
        int rc = _fs.ReadLink(in ctx, space, out int length);
        if (rc != 0)
        {
            return rc;
        }
        if ((uint)length > (uint)space.Length)
        {
            return Errno.EIO;
        }
        w.Advance(length);
        return 0;
    }

    private int DoSymlink(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        // Body: entry name, NUL, link target, NUL.
        if (!r.TryReadName(out var name) || !r.TryReadName(out var target))
        {
            return Errno.EINVAL;
        }
        return _fs.Symlink(in ctx, name, target, out w.Append<fuse_entry_out>());
    }

    private int DoMknod(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_mknod_in m) || !r.TryReadName(out var name))
        {
            return Errno.EINVAL;
        }
        return _fs.Mknod(in ctx, in m, name, out w.Append<fuse_entry_out>());
    }

    private int DoMkdir(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_mkdir_in m) || !r.TryReadName(out var name))
        {
            return Errno.EINVAL;
        }
        return _fs.Mkdir(in ctx, in m, name, out w.Append<fuse_entry_out>());
    }

    private int DoRename(in FuseContext ctx, ref FuseRequestReader r)
    {
        if (!r.TryRead(out fuse_rename_in rn) || !r.TryReadName(out var oldName) || !r.TryReadName(out var newName))
        {
            return Errno.EINVAL;
        }
        return _fs.Rename(in ctx, oldName, rn.newdir, newName, 0);
    }

    private int DoRename2(in FuseContext ctx, ref FuseRequestReader r)
    {
        if (!r.TryRead(out fuse_rename2_in rn) || !r.TryReadName(out var oldName) || !r.TryReadName(out var newName))
        {
            return Errno.EINVAL;
        }
        return _fs.Rename(in ctx, oldName, rn.newdir, newName, rn.flags);
    }

    private int DoLink(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (!r.TryRead(out fuse_link_in l) || !r.TryReadName(out var name))
        {
            return Errno.EINVAL;
        }
        return _fs.Link(in ctx, l.oldnodeid, name, out w.Append<fuse_entry_out>());
    }

    private int DoCreate(in FuseContext ctx, ref FuseRequestReader r, ref FuseReplyWriter w, bool tmpfile)
    {
        if (!r.TryRead(out fuse_create_in c))
        {
            return Errno.EINVAL;
        }
        // Reply: fuse_entry_out immediately followed by fuse_open_out.
        ref fuse_entry_out entry = ref w.Append<fuse_entry_out>();
        ref fuse_open_out open = ref w.Append<fuse_open_out>();
        if (tmpfile)
        {
            return _fs.TmpFile(in ctx, in c, out entry, out open);
        }
        return r.TryReadName(out var name) ? _fs.Create(in ctx, in c, name, out entry, out open) : Errno.EINVAL;
    }
}
