// Directory listing through FUSE. OPENDIR answers ENOSYS, so the kernel opens directories itself, stops sending
// OPENDIR/RELEASEDIR and caches listings (FOPEN_CACHE_DIR is its default then): a warm readdir never reaches us.
// READDIR is therefore stateless; DirectoryCursor turns its offset into a position (see there).
namespace Union.Linux;

using System.Collections.Concurrent;
using System.Text;
using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

internal sealed partial class UnionFuseAdapter
{
    [ThreadStatic] private static byte[]? t_nameBuffer;

    /// <summary>Per reader thread, so packing names allocates nothing.</summary>
    private static byte[] NameBuffer => t_nameBuffer ??= new byte[1024];

    /// <summary>The listing a sequential read of a directory is going through; dropped once it reached the end.</summary>
    private readonly ConcurrentDictionary<ulong, DirectoryCursor> _cursors = new();

    public override int FsyncDir(in FuseContext ctx, in fuse_fsync_in input) => 0;

    /// <summary>
    /// A fresh listing at offset 0 (a new read, or a rewind); later chunks reuse it. A listing taken again for a later
    /// chunk (another reader started over meanwhile) still resumes by name, so this is an optimisation, not state.
    /// </summary>
    private FsError CursorFor(ulong directoryId, ulong offset, out DirectoryCursor? cursor)
    {
        cursor = null;
        if (offset != 0 && _cursors.TryGetValue(directoryId, out cursor)) return FsError.None;
        var error = union.ReadDirectory(directoryId, exactInodes: false, out var listing);
        if (error != FsError.None) return error;
        cursor = new DirectoryCursor(listing!);
        _cursors[directoryId] = cursor;
        return FsError.None;
    }

    /// <summary>The kernel reads until a reply comes back empty: that one ends the sequential read.</summary>
    private void Finished(DirectoryCursor cursor) =>
        _cursors.TryRemove(new KeyValuePair<ulong, DirectoryCursor>(cursor.DirectoryId, cursor));

    public override int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        var error = CursorFor(ctx.NodeId, input.offset, out var cursor);
        if (error != FsError.None) return Errno(error);
        if (input.offset < DirectoryCursor.DotOffset
            && !entries.Add(1, DirectoryCursor.DotOffset, AttributeMap.DirentType(FileKind.Directory), "."u8)) return 0;
        if (input.offset < DirectoryCursor.DotDotOffset
            && !entries.Add(1, DirectoryCursor.DotDotOffset, AttributeMap.DirentType(FileKind.Directory), ".."u8)) return 0;
        Span<byte> name = NameBuffer;
        int start = cursor!.IndexAfter(input.offset);
        for (int i = start; i < cursor.Count; i++)
        {
            ref readonly var entry = ref cursor[i];
            // An upper entry's number may come from its origin: only a lookup knows (d_ino must equal st_ino).
            ulong ino = entry.Inode != 0 ? entry.Inode : union.InodeNumber(cursor.DirectoryId, entry.Name);
            if (ino == 0) continue;   // removed since the listing was taken
            int n = Encoding.UTF8.GetBytes(entry.Name, name);
            if (!entries.Add(ino, cursor.OffsetAt(i), AttributeMap.DirentType(entry.Kind), name[..n])) return 0;
        }
        if (start == cursor.Count && input.offset >= DirectoryCursor.DotDotOffset) Finished(cursor);
        return 0;
    }

    public override int ReadDirPlus(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        var error = CursorFor(ctx.NodeId, input.offset, out var cursor);
        if (error != FsError.None) return Errno(error);
        for (ulong offset = input.offset; offset < DirectoryCursor.DotDotOffset; offset++)
        {
            // "." and ".." carry no lookup (nodeid 0), only their type.
            fuse_entry_out dot = default;
            dot.attr.mode = (uint)FileKind.Directory;
            dot.attr.ino = offset == 0 && union.GetAttributes(cursor!.DirectoryId, out var self) == FsError.None ? self.Inode : 1;
            if (!entries.AddPlus(dot, offset + 1, AttributeMap.DirentType(FileKind.Directory), offset == 0 ? "."u8 : ".."u8))
                return 0;
        }
        Span<byte> name = NameBuffer;
        int start = cursor!.IndexAfter(input.offset);
        for (int i = start; i < cursor.Count; i++)
        {
            ref readonly var item = ref cursor[i];
            error = union.Lookup(cursor.DirectoryId, item.Name, out var id, out var attributes);
            if (error != FsError.None) continue;   // removed since the listing was taken
            FillEntry(out var entry, id, attributes);
            int n = Encoding.UTF8.GetBytes(item.Name, name);
            if (!entries.AddPlus(entry, cursor.OffsetAt(i), AttributeMap.DirentType(attributes.Kind), name[..n]))
            {
                union.Forget(id, 1);   // the kernel never saw it: give the lookup back
                return 0;
            }
        }
        if (start == cursor.Count && input.offset >= DirectoryCursor.DotDotOffset) Finished(cursor);
        return 0;
    }
}
