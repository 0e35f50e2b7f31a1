// Extended attributes through FUSE: the dispatcher answers size queries and ERANGE from the full length.
namespace Union.Linux;

using System.Text;
using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

internal sealed partial class UnionFuseAdapter
{
    public override int GetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, Span<byte> buffer, out int length)
    {
        length = 0;
        if (!TryName(name, out var s)) return Errno(FsError.InvalidArgument);
        var error = union.GetXattr(ctx.NodeId, s, buffer, out length);
        if (error == FsError.OutOfRange) error = union.GetXattr(ctx.NodeId, s, [], out length);
        return Errno(error);
    }

    public override int ListXattr(in FuseContext ctx, Span<byte> buffer, out int length)
    {
        length = 0;
        var names = new List<string>();
        var error = union.ListXattr(ctx.NodeId, names);
        if (error != FsError.None) return Errno(error);
        foreach (var n in names) length += Encoding.UTF8.GetByteCount(n) + 1;
        if (length > buffer.Length) return 0;
        int pos = 0;
        foreach (var n in names)
        {
            pos += Encoding.UTF8.GetBytes(n, buffer[pos..]);
            buffer[pos++] = 0;
        }
        return 0;
    }

    public override int SetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, uint flags, uint setxattrFlags)
    {
        if (!TryName(name, out var s)) return Errno(FsError.InvalidArgument);
        var error = union.SetXattr(ctx.NodeId, s, value, (int)flags);
        if (error == FsError.None && (setxattrFlags & FuseConstants.FUSE_SETXATTR_ACL_KILL_SGID) != 0)
            error = KillSetGid(ctx.NodeId);
        return Errno(error);
    }

    /// <summary>
    /// The caller set an access ACL on an entry whose group it is not in, without CAP_FSETID: setgid goes, as the
    /// kernel's own set_acl does. The host would keep it, since the daemon has the capability.
    /// </summary>
    private FsError KillSetGid(ulong nodeId)
    {
        const uint setGid = 0x400;   // 02000
        var error = union.GetAttributes(nodeId, out var attributes);
        if (error != FsError.None || (attributes.Permissions & setGid) == 0) return error;
        return union.SetAttributes(nodeId, new AttributeChanges { Mode = attributes.Permissions & ~setGid }, null, out _);
    }

    public override int RemoveXattr(in FuseContext ctx, ReadOnlySpan<byte> name) =>
        TryName(name, out var s) ? Errno(union.RemoveXattr(ctx.NodeId, s)) : Errno(FsError.InvalidArgument);
}
