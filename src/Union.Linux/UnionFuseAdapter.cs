// The thin bridge from FUSE requests to the union engine: names and ids in, attributes and errnos out.
// Every union decision is the engine's; this file only translates.
namespace Union.Linux;

using System.Text;
using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

internal sealed partial class UnionFuseAdapter(UnionFileSystem union, UnionFuseOptions options) : FuseFileSystemBase
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly HandleTable<FileSlot> _files = new();

    /// <summary>Set once the session exists, so opens can register passthrough backing files.</summary>
    public FuseSession? Session { get; set; }

    public override void Init(ref FuseInitConfig config)
    {
        // DONT_MASK: modes arrive with the caller's umask unapplied, so the host can honour a default ACL (CallerUmask).
        config.Want |= FuseInitFlags.FUSE_DIRECT_IO_ALLOW_MMAP | FuseInitFlags.FUSE_DONT_MASK;
        // Where the kernel checks permissions, it checks ACLs too, as overlayfs does; the host keeps them in xattrs.
        // SETXATTR_EXT carries the kernel's word that setting an ACL must clear setgid.
        if (options.DefaultPermissions && options.PosixAcl)
            config.Want |= FuseInitFlags.FUSE_POSIX_ACL | FuseInitFlags.FUSE_SETXATTR_EXT;
        if ((config.Want & FuseInitFlags.FUSE_PASSTHROUGH) != 0) config.MaxStackDepth = 1;
    }

    private static int Errno(FsError error) => (int)error;

    /// <summary>Names that are not valid UTF-8 are refused (EINVAL): the engine works in strings.</summary>
    private static bool TryName(ReadOnlySpan<byte> utf8, out string name)
    {
        try { name = StrictUtf8.GetString(utf8); return true; }
        catch (DecoderFallbackException) { name = ""; return false; }
    }

    private static Caller CallerOf(in FuseContext ctx) => new(ctx.Uid, ctx.Gid);

    private void FillEntry(out fuse_entry_out entry, ulong id, in EntryAttributes attributes)
    {
        entry = default;
        AttributeMap.Fill(ref entry, id, attributes, options.EntryTimeout, options.AttributeTimeout);
    }

    public override int Lookup(in FuseContext ctx, ReadOnlySpan<byte> name, out fuse_entry_out entry)
    {
        entry = default;
        if (!TryName(name, out var s)) return Errno(FsError.InvalidArgument);
        var error = union.Lookup(ctx.NodeId, s, out var id, out var attributes);
        if (error == FsError.NotFound && options.NegativeTimeout > TimeSpan.Zero)
        {
            // A negative entry: the kernel caches the absence until a create through this mount.
            AttributeMap.SetTimeout(out entry.entry_valid, out entry.entry_valid_nsec, options.NegativeTimeout);
            return 0;
        }
        if (error != FsError.None) return Errno(error);
        FillEntry(out entry, id, attributes);
        return 0;
    }

    public override void Forget(ulong nodeId, ulong nlookup) => union.Forget(nodeId, nlookup);

    public override int GetAttr(in FuseContext ctx, in fuse_getattr_in input, out fuse_attr_out attr)
    {
        attr = default;
        var error = AttributesOf(ctx.NodeId, input.getattr_flags, input.fh, out var attributes);
        if (error != FsError.None) return Errno(error);
        AttributeMap.SetTimeout(out attr.attr_valid, out attr.attr_valid_nsec, AttributeMap.AttributeTimeout(attributes, options.AttributeTimeout));
        AttributeMap.Fill(ref attr.attr, attributes);
        return 0;
    }

    public override int Statx(in FuseContext ctx, in fuse_statx_in input, out fuse_statx_out output)
    {
        output = default;
        var error = AttributesOf(ctx.NodeId, input.getattr_flags, input.fh, out var attributes);
        if (error != FsError.None) return Errno(error);
        AttributeMap.SetTimeout(out output.attr_valid, out output.attr_valid_nsec, AttributeMap.AttributeTimeout(attributes, options.AttributeTimeout));
        AttributeMap.Fill(ref output.stat, attributes);
        return 0;
    }

    /// <summary>The node's attributes; an unlinked file still open is reached through the handle the kernel names.</summary>
    private FsError AttributesOf(ulong nodeId, uint getattrFlags, ulong fh, out EntryAttributes attributes)
    {
        const uint FUSE_GETATTR_FH = 1;
        var error = union.GetAttributes(nodeId, out attributes);
        if (error is FsError.NotFound && (getattrFlags & FUSE_GETATTR_FH) != 0 && _files.Get(fh) is { } slot)
            error = slot.File.GetAttributes(out attributes);
        return error;
    }

    public override int SetAttr(in FuseContext ctx, in fuse_setattr_in input, out fuse_attr_out attr)
    {
        attr = default;
        uint valid = input.valid;
        var changes = new AttributeChanges
        {
            Mode = (valid & FuseConstants.FATTR_MODE) != 0 ? input.mode & 0xFFF : null,
            Uid = (valid & FuseConstants.FATTR_UID) != 0 ? input.uid : null,
            Gid = (valid & FuseConstants.FATTR_GID) != 0 ? input.gid : null,
            Size = (valid & FuseConstants.FATTR_SIZE) != 0 ? (long)input.size : null,
            AccessTime = (valid & FuseConstants.FATTR_ATIME_NOW) != 0 ? TimeChange.ToNow()
                : (valid & FuseConstants.FATTR_ATIME) != 0 ? TimeChange.To(new Timestamp((long)input.atime, input.atimensec)) : null,
            ModifyTime = (valid & FuseConstants.FATTR_MTIME_NOW) != 0 ? TimeChange.ToNow()
                : (valid & FuseConstants.FATTR_MTIME) != 0 ? TimeChange.To(new Timestamp((long)input.mtime, input.mtimensec)) : null,
            KillSetId = (valid & FuseConstants.FATTR_KILL_SUIDGID) != 0,   // handle_killpriv_v2: ours to do
        };
        var file = (valid & FuseConstants.FATTR_FH) != 0 ? _files.Get(input.fh)?.File : null;
        var error = union.SetAttributes(ctx.NodeId, changes, file, out var attributes);
        if (error != FsError.None) return Errno(error);
        AttributeMap.SetTimeout(out attr.attr_valid, out attr.attr_valid_nsec, options.AttributeTimeout);
        AttributeMap.Fill(ref attr.attr, attributes);
        return 0;
    }

    public override int ReadLink(in FuseContext ctx, Span<byte> target, out int length)
    {
        length = 0;
        var error = union.ReadLink(ctx.NodeId, out var value);
        if (error != FsError.None) return Errno(error);
        int needed = Encoding.UTF8.GetByteCount(value!);
        if (needed > target.Length) return Errno(FsError.NameTooLong);
        length = Encoding.UTF8.GetBytes(value!, target);
        return 0;
    }

    public override int Symlink(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out fuse_entry_out entry)
    {
        entry = default;
        if (!TryName(name, out var s) || !TryName(target, out var t)) return Errno(FsError.InvalidArgument);
        var error = union.CreateSymlink(ctx.NodeId, s, t, CallerOf(ctx), out var id, out var attributes);
        if (error != FsError.None) return Errno(error);
        FillEntry(out entry, id, attributes);
        return 0;
    }

    public override int Mknod(in FuseContext ctx, in fuse_mknod_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry)
    {
        entry = default;
        if (!TryName(name, out var s)) return Errno(FsError.InvalidArgument);
        FsError error;
        try
        {
            error = union.CreateNode(ctx.NodeId, s, CallerUmask.Enter(input.mode, input.umask),
                AttributeMap.FromKernelDev(input.rdev), CallerOf(ctx), out var id, out var attributes);
            if (error == FsError.None) FillEntry(out entry, id, attributes);
        }
        finally { CallerUmask.Leave(); }
        return Errno(error);
    }

    public override int Mkdir(in FuseContext ctx, in fuse_mkdir_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry)
    {
        entry = default;
        if (!TryName(name, out var s)) return Errno(FsError.InvalidArgument);
        FsError error;
        try
        {
            error = union.CreateDirectory(ctx.NodeId, s, CallerUmask.Enter(input.mode, input.umask), CallerOf(ctx),
                out var id, out var attributes);
            if (error == FsError.None) FillEntry(out entry, id, attributes);
        }
        finally { CallerUmask.Leave(); }
        return Errno(error);
    }

    public override int Unlink(in FuseContext ctx, ReadOnlySpan<byte> name) =>
        TryName(name, out var s) ? Errno(union.Remove(ctx.NodeId, s, directory: false)) : Errno(FsError.InvalidArgument);

    public override int Rmdir(in FuseContext ctx, ReadOnlySpan<byte> name) =>
        TryName(name, out var s) ? Errno(union.Remove(ctx.NodeId, s, directory: true)) : Errno(FsError.InvalidArgument);

    public override int Rename(in FuseContext ctx, ReadOnlySpan<byte> oldName, ulong newParent, ReadOnlySpan<byte> newName, uint flags)
    {
        if (!TryName(oldName, out var from) || !TryName(newName, out var to)) return Errno(FsError.InvalidArgument);
        return Errno(union.Rename(ctx.NodeId, from, newParent, to, (RenameFlags)flags));
    }

    public override int Link(in FuseContext ctx, ulong oldNodeId, ReadOnlySpan<byte> newName, out fuse_entry_out entry)
    {
        entry = default;
        if (!TryName(newName, out var s)) return Errno(FsError.InvalidArgument);
        var error = union.Link(oldNodeId, ctx.NodeId, s, out var id, out var attributes);
        if (error != FsError.None) return Errno(error);
        // The new name is a new kernel inode here, so the source's cached attributes (nlink) would go stale.
        Session?.NotifyInvalInode(oldNodeId, -1, 0);
        FillEntry(out entry, id, attributes);
        return 0;
    }

    public override int StatFs(in FuseContext ctx, out fuse_kstatfs stat)
    {
        stat = default;
        var error = union.StatFs(out var s);
        if (error != FsError.None) return Errno(error);
        stat.blocks = s.Blocks;
        stat.bfree = s.BlocksFree;
        stat.bavail = s.BlocksAvailable;
        stat.files = s.Files;
        stat.ffree = s.FilesFree;
        stat.bsize = s.BlockSize;
        stat.frsize = s.FragmentSize;
        stat.namelen = s.MaxNameLength;
        return 0;
    }
}
