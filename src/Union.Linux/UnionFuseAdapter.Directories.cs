// Directory listing through FUSE: a merged snapshot per OPENDIR; offsets index into it ("." and ".." first).
namespace Union.Linux;

using System.Text;
using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

internal sealed partial class UnionFuseAdapter
{
    [ThreadStatic] private static byte[]? t_nameBuffer;

    /// <summary>Per reader thread, so packing names allocates nothing.</summary>
    private static byte[] NameBuffer => t_nameBuffer ??= new byte[1024];

    public override int OpenDir(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output)
    {
        output = default;
        var error = union.OpenDirectory(ctx.NodeId);
        if (error != FsError.None) return Errno(error);
        error = union.ReadDirectory(ctx.NodeId, out var listing);
        if (error != FsError.None) { union.ReleaseDirectory(ctx.NodeId); return Errno(error); }
        output.fh = _directories.Add(listing!);
        output.open_flags = FuseConstants.FOPEN_CACHE_DIR | FuseConstants.FOPEN_KEEP_CACHE;
        return 0;
    }

    public override int ReleaseDir(in FuseContext ctx, in fuse_release_in input)
    {
        if (_directories.Remove(input.fh) is { } listing) union.ReleaseDirectory(listing.DirectoryId);
        return 0;
    }

    public override int FsyncDir(in FuseContext ctx, in fuse_fsync_in input) => 0;

    public override int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        if (_directories.Get(input.fh) is not { } listing) return Errno(FsError.BadHandle);
        Span<byte> name = NameBuffer;
        for (ulong offset = input.offset; offset < (ulong)listing.Entries.Count + 2; offset++)
        {
            bool added = offset switch
            {
                0 => entries.Add(1, 1, AttributeMap.DirentType(FileKind.Directory), "."u8),
                1 => entries.Add(1, 2, AttributeMap.DirentType(FileKind.Directory), ".."u8),
                _ => AddEntry(ref entries, listing.Entries[(int)offset - 2], offset + 1, name),
            };
            if (!added) break;
        }
        return 0;
    }

    private static bool AddEntry(ref FuseDirentWriter entries, in DirectoryEntry entry, ulong next, Span<byte> buffer)
    {
        int n = Encoding.UTF8.GetBytes(entry.Name, buffer);
        return entries.Add(entry.Inode, next, AttributeMap.DirentType(entry.Kind), buffer[..n]);
    }

    public override int ReadDirPlus(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        if (_directories.Get(input.fh) is not { } listing) return Errno(FsError.BadHandle);
        Span<byte> name = NameBuffer;
        for (ulong offset = input.offset; offset < (ulong)listing.Entries.Count + 2; offset++)
        {
            fuse_entry_out entry = default;
            if (offset < 2)
            {
                // "." and ".." carry no lookup (nodeid 0), only their type.
                entry.attr.mode = (uint)FileKind.Directory;
                entry.attr.ino = offset == 0 && union.GetAttributes(listing.DirectoryId, out var self) == FsError.None ? self.Inode : 1;
                if (!entries.AddPlus(entry, offset + 1, AttributeMap.DirentType(FileKind.Directory), offset == 0 ? "."u8 : ".."u8))
                    break;
                continue;
            }
            var item = listing.Entries[(int)offset - 2];
            var error = union.Lookup(listing.DirectoryId, item.Name, out var id, out var attributes);
            if (error != FsError.None) continue;   // removed since the snapshot
            FillEntry(out entry, id, attributes);
            int n = Encoding.UTF8.GetBytes(item.Name, name);
            if (!entries.AddPlus(entry, offset + 1, AttributeMap.DirentType(attributes.Kind), name[..n]))
            {
                union.Forget(id, 1);   // the kernel never saw it: give the lookup back
                break;
            }
        }
        return 0;
    }
}
