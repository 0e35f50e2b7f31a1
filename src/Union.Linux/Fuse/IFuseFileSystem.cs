// The contract a filesystem implements: one method per FUSE opcode (go-fuse RawFileSystem style).
using Union.Linux.Fuse.Abi;

namespace Union.Linux.Fuse;

/// <summary>
/// Low-level FUSE operations. Every method returns 0 or a positive errno. Names are UTF-8 without the NUL.
/// Methods run on the session's reader threads, concurrently; nothing here allocates per call, so the
/// implementation decides its own cost. Out structs live in the reply buffer; they arrive zeroed.
/// </summary>
internal interface IFuseFileSystem
{
    /// <summary>Called once during INIT, before the reply; adjust <paramref name="config"/>.Want etc.</summary>
    void Init(ref FuseInitConfig config);

    /// <summary>The connection is going away (FUSE_DESTROY).</summary>
    void Destroy();

    int Lookup(in FuseContext ctx, ReadOnlySpan<byte> name, out fuse_entry_out entry);

    /// <summary>Drop <paramref name="nlookup"/> references on a node. FORGET and BATCH_FORGET; never replied.</summary>
    void Forget(ulong nodeId, ulong nlookup);

    int GetAttr(in FuseContext ctx, in fuse_getattr_in input, out fuse_attr_out attr);
    int SetAttr(in FuseContext ctx, in fuse_setattr_in input, out fuse_attr_out attr);

    /// <summary>Write the target into <paramref name="target"/> and set its length.</summary>
    int ReadLink(in FuseContext ctx, Span<byte> target, out int length);

    int Symlink(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out fuse_entry_out entry);
    int Mknod(in FuseContext ctx, in fuse_mknod_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry);
    int Mkdir(in FuseContext ctx, in fuse_mkdir_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry);
    int Unlink(in FuseContext ctx, ReadOnlySpan<byte> name);
    int Rmdir(in FuseContext ctx, ReadOnlySpan<byte> name);

    /// <summary>RENAME (flags 0) and RENAME2 (RENAME_* flags). ctx.NodeId is the old parent.</summary>
    int Rename(in FuseContext ctx, ReadOnlySpan<byte> oldName, ulong newParent, ReadOnlySpan<byte> newName, uint flags);

    /// <summary>Hard link <paramref name="oldNodeId"/> as <paramref name="newName"/> in ctx.NodeId.</summary>
    int Link(in FuseContext ctx, ulong oldNodeId, ReadOnlySpan<byte> newName, out fuse_entry_out entry);

    int Open(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output);

    /// <summary>Read up to data.Length bytes straight into the reply buffer; set <paramref name="bytesRead"/>.</summary>
    int Read(in FuseContext ctx, in fuse_read_in input, Span<byte> data, out int bytesRead);

    int Write(in FuseContext ctx, in fuse_write_in input, ReadOnlySpan<byte> data, out uint written);
    int StatFs(in FuseContext ctx, out fuse_kstatfs stat);
    int Release(in FuseContext ctx, in fuse_release_in input);
    int Fsync(in FuseContext ctx, in fuse_fsync_in input);
    int Flush(in FuseContext ctx, in fuse_flush_in input);

    int SetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, uint flags, uint setxattrFlags);

    /// <summary>
    /// Copy as much of the value as fits into <paramref name="buffer"/> and always set <paramref name="length"/>
    /// to the full value length. The session answers size queries and ERANGE from that length.
    /// </summary>
    int GetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, Span<byte> buffer, out int length);

    /// <summary>Same contract as GetXattr; the list is NUL-terminated names back to back.</summary>
    int ListXattr(in FuseContext ctx, Span<byte> buffer, out int length);

    int RemoveXattr(in FuseContext ctx, ReadOnlySpan<byte> name);

    int OpenDir(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output);

    /// <summary>Add entries from input.offset on until <see cref="FuseDirentWriter.Add"/> returns false or the end.</summary>
    int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries);

    /// <summary>Like ReadDir with <see cref="FuseDirentWriter.AddPlus"/>; each added entry with nodeid != 0 is a lookup.</summary>
    int ReadDirPlus(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries);

    int ReleaseDir(in FuseContext ctx, in fuse_release_in input);
    int FsyncDir(in FuseContext ctx, in fuse_fsync_in input);
    int Access(in FuseContext ctx, uint mask);

    int Create(in FuseContext ctx, in fuse_create_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry, out fuse_open_out open);

    /// <summary>O_TMPFILE in directory ctx.NodeId.</summary>
    int TmpFile(in FuseContext ctx, in fuse_create_in input, out fuse_entry_out entry, out fuse_open_out open);

    int Fallocate(in FuseContext ctx, in fuse_fallocate_in input);
    int Lseek(in FuseContext ctx, in fuse_lseek_in input, out ulong offset);
    int CopyFileRange(in FuseContext ctx, in fuse_copy_file_range_in input, out uint copied);
    int Statx(in FuseContext ctx, in fuse_statx_in input, out fuse_statx_out output);
}
