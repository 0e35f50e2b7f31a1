// Default IFuseFileSystem: every operation answers ENOSYS, so a filesystem overrides only what it supports.
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal abstract class FuseFileSystemBase : IFuseFileSystem
{
    /// <summary>Helper for the GetXattr/ListXattr contract: copy if it fits, always report the full length.</summary>
    protected static int CopyValue(ReadOnlySpan<byte> value, Span<byte> buffer, out int length)
    {
        length = value.Length;
        if (value.Length <= buffer.Length)
        {
            value.CopyTo(buffer);
        }
        return 0;
    }

    public virtual void Init(ref FuseInitConfig config) { }
    public virtual void Destroy() { }
    public virtual void Forget(ulong nodeId, ulong nlookup) { }

    public virtual int Lookup(in FuseContext ctx, ReadOnlySpan<byte> name, out fuse_entry_out entry) { entry = default; return Errno.ENOSYS; }
    public virtual int GetAttr(in FuseContext ctx, in fuse_getattr_in input, out fuse_attr_out attr) { attr = default; return Errno.ENOSYS; }
    public virtual int SetAttr(in FuseContext ctx, in fuse_setattr_in input, out fuse_attr_out attr) { attr = default; return Errno.ENOSYS; }
    public virtual int ReadLink(in FuseContext ctx, Span<byte> target, out int length) { length = 0; return Errno.ENOSYS; }
    public virtual int Symlink(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, out fuse_entry_out entry) { entry = default; return Errno.ENOSYS; }
    public virtual int Mknod(in FuseContext ctx, in fuse_mknod_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry) { entry = default; return Errno.ENOSYS; }
    public virtual int Mkdir(in FuseContext ctx, in fuse_mkdir_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry) { entry = default; return Errno.ENOSYS; }
    public virtual int Unlink(in FuseContext ctx, ReadOnlySpan<byte> name) => Errno.ENOSYS;
    public virtual int Rmdir(in FuseContext ctx, ReadOnlySpan<byte> name) => Errno.ENOSYS;
    public virtual int Rename(in FuseContext ctx, ReadOnlySpan<byte> oldName, ulong newParent, ReadOnlySpan<byte> newName, uint flags) => Errno.ENOSYS;
    public virtual int Link(in FuseContext ctx, ulong oldNodeId, ReadOnlySpan<byte> newName, out fuse_entry_out entry) { entry = default; return Errno.ENOSYS; }
    public virtual int Open(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output) { output = default; return Errno.ENOSYS; }
    public virtual int Read(in FuseContext ctx, in fuse_read_in input, Span<byte> data, out int bytesRead) { bytesRead = 0; return Errno.ENOSYS; }
    public virtual int Write(in FuseContext ctx, in fuse_write_in input, ReadOnlySpan<byte> data, out uint written) { written = 0; return Errno.ENOSYS; }
    public virtual int StatFs(in FuseContext ctx, out fuse_kstatfs stat) { stat = default; return Errno.ENOSYS; }
    public virtual int Release(in FuseContext ctx, in fuse_release_in input) => Errno.ENOSYS;
    public virtual int Fsync(in FuseContext ctx, in fuse_fsync_in input) => Errno.ENOSYS;
    public virtual int Flush(in FuseContext ctx, in fuse_flush_in input) => Errno.ENOSYS;
    public virtual int SetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value, uint flags, uint setxattrFlags) => Errno.ENOSYS;
    public virtual int GetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, Span<byte> buffer, out int length) { length = 0; return Errno.ENOSYS; }
    public virtual int ListXattr(in FuseContext ctx, Span<byte> buffer, out int length) { length = 0; return Errno.ENOSYS; }
    public virtual int RemoveXattr(in FuseContext ctx, ReadOnlySpan<byte> name) => Errno.ENOSYS;
    public virtual int OpenDir(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output) { output = default; return Errno.ENOSYS; }
    public virtual int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries) => Errno.ENOSYS;
    public virtual int ReadDirPlus(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries) => Errno.ENOSYS;
    public virtual int ReleaseDir(in FuseContext ctx, in fuse_release_in input) => Errno.ENOSYS;
    public virtual int FsyncDir(in FuseContext ctx, in fuse_fsync_in input) => Errno.ENOSYS;
    public virtual int Access(in FuseContext ctx, uint mask) => Errno.ENOSYS;
    public virtual int Create(in FuseContext ctx, in fuse_create_in input, ReadOnlySpan<byte> name, out fuse_entry_out entry, out fuse_open_out open) { entry = default; open = default; return Errno.ENOSYS; }
    public virtual int TmpFile(in FuseContext ctx, in fuse_create_in input, out fuse_entry_out entry, out fuse_open_out open) { entry = default; open = default; return Errno.ENOSYS; }
    public virtual int Fallocate(in FuseContext ctx, in fuse_fallocate_in input) => Errno.ENOSYS;
    public virtual int Lseek(in FuseContext ctx, in fuse_lseek_in input, out ulong offset) { offset = 0; return Errno.ENOSYS; }
    public virtual int CopyFileRange(in FuseContext ctx, in fuse_copy_file_range_in input, out uint copied) { copied = 0; return Errno.ENOSYS; }
    public virtual int Statx(in FuseContext ctx, in fuse_statx_in input, out fuse_statx_out output) { output = default; return Errno.ENOSYS; }
}
