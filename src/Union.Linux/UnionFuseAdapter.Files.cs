// Open files through FUSE: passthrough when the kernel allows it, the daemon's read/write path otherwise.
// Kernel rule: one backing file per inode at a time, and no mixing with cached opens. A file opened read-only on
// a lower layer and then copied up by a writer is served to the writer with FOPEN_DIRECT_IO, which may coexist.
namespace Union.Linux;

using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;

internal sealed partial class UnionFuseAdapter
{
    private sealed class FileSlot(OpenFile file, int backingId)
    {
        public OpenFile File { get; } = file;
        public int BackingId { get; } = backingId;
    }

    /// <summary>The backing file each inode is using now (guarded by itself).</summary>
    private readonly Dictionary<ulong, (int BackingId, bool InUpper, int Users)> _backings = [];

    public override int Open(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output)
    {
        output = default;
        var error = union.Open(ctx.NodeId, (OpenMode)input.flags, out var file);
        if (error != FsError.None) return Errno(error);
        if ((input.open_flags & FuseConstants.FUSE_OPEN_KILL_SUIDGID) != 0 && KillSetId(ctx.NodeId, file!) is var killed and not FsError.None)
        {
            file!.Dispose();
            return Errno(killed);
        }
        Reply(ctx.NodeId, file!, ref output, passthrough: !WritesMustKillSetId(ctx, input.flags, ctx.NodeId));
        return 0;
    }

    public override int Create(in FuseContext ctx, in fuse_create_in input, ReadOnlySpan<byte> name,
        out fuse_entry_out entry, out fuse_open_out open)
    {
        if (TryName(name, out var s)) return CreateOpen(ctx, input, s, out entry, out open);
        entry = default;
        open = default;
        return Errno(FsError.InvalidArgument);
    }

    /// <summary>O_TMPFILE: an unnamed file in the directory, which linkat(2) may name later.</summary>
    public override int TmpFile(in FuseContext ctx, in fuse_create_in input, out fuse_entry_out entry, out fuse_open_out open) =>
        CreateOpen(ctx, input, name: null, out entry, out open);

    /// <summary>A new file under the caller's umask, opened; an unnamed one when <paramref name="name"/> is null.</summary>
    private int CreateOpen(in FuseContext ctx, in fuse_create_in input, string? name, out fuse_entry_out entry, out fuse_open_out open)
    {
        entry = default;
        open = default;
        FsError error;
        ulong id;
        EntryAttributes attributes;
        OpenFile? file;
        try
        {
            uint mode = CallerUmask.Enter(input.mode, input.umask);
            error = name is null
                ? union.CreateUnnamedFile(ctx.NodeId, (OpenMode)input.flags, mode, CallerOf(ctx), out id, out attributes, out file)
                : union.CreateFile(ctx.NodeId, name, (OpenMode)input.flags, mode, CallerOf(ctx), out id, out attributes, out file);
        }
        finally { CallerUmask.Leave(); }
        if (error != FsError.None) return Errno(error);
        FillEntry(out entry, id, attributes);
        Reply(id, file!, ref open, passthrough: !WritesMustKillSetId(ctx, input.flags, id));
        return 0;
    }

    /// <summary>
    /// A passthrough write never reaches us, and with handle_killpriv_v2 the kernel leaves killing setuid/setgid to
    /// the WRITE it would have sent. So a writer without CAP_FSETID (not root) of a set-id file is served here.
    /// </summary>
    private bool WritesMustKillSetId(in FuseContext ctx, uint flags, ulong nodeId)
    {
        const uint accessMode = 3;
        if ((flags & accessMode) == 0 || ctx.Uid == 0) return false;
        return union.GetAttributes(nodeId, out var attributes) == FsError.None &&
            attributes.PermissionsAfterKillingSetId is not null;
    }

    private void Reply(ulong nodeId, OpenFile file, ref fuse_open_out output, bool passthrough)
    {
        int backingId = 0;
        if (Session?.Connection?.Passthrough == true)
            backingId = passthrough ? AcquireBacking(nodeId, file) : -1;
        if (backingId > 0)
        {
            output.open_flags = FuseConstants.FOPEN_PASSTHROUGH;
            output.backing_id = backingId;
        }
        else if (backingId < 0)
        {
            output.open_flags = FuseConstants.FOPEN_DIRECT_IO;   // another backing file holds the inode
        }
        else
        {
            output.open_flags = FuseConstants.FOPEN_KEEP_CACHE;  // layers do not change underneath the mount
        }
        output.fh = _files.Add(new FileSlot(file, backingId > 0 ? backingId : 0));
    }

    /// <summary>Returns a backing id (&gt; 0), 0 when passthrough is refused, or -1 when the inode is busy with another.</summary>
    private int AcquireBacking(ulong nodeId, OpenFile file)
    {
        lock (_backings)
        {
            if (_backings.TryGetValue(nodeId, out var current))
            {
                if (current.InUpper != file.InUpper) return -1;
                _backings[nodeId] = current with { Users = current.Users + 1 };
                return current.BackingId;
            }
            if (Session!.BackingOpen((int)file.Handle.DangerousGetHandle(), out int id) != 0 || id <= 0) return 0;
            _backings[nodeId] = (id, file.InUpper, 1);
            return id;
        }
    }

    private void ReleaseBacking(ulong nodeId, int backingId)
    {
        lock (_backings)
        {
            if (!_backings.TryGetValue(nodeId, out var current) || current.BackingId != backingId) return;
            if (current.Users > 1) { _backings[nodeId] = current with { Users = current.Users - 1 }; return; }
            _backings.Remove(nodeId);
            Session?.BackingClose(backingId);
        }
    }

    public override int Read(in FuseContext ctx, in fuse_read_in input, Span<byte> data, out int bytesRead)
    {
        bytesRead = 0;
        if (_files.Get(input.fh) is not { } slot) return Errno(FsError.BadHandle);
        return Errno(slot.File.Read(data, (long)input.offset, out bytesRead));
    }

    public override int Write(in FuseContext ctx, in fuse_write_in input, ReadOnlySpan<byte> data, out uint written)
    {
        written = 0;
        if (_files.Get(input.fh) is not { } slot) return Errno(FsError.BadHandle);
        var error = slot.File.Write(data, (long)input.offset, out int n);
        written = (uint)n;
        if (error == FsError.None && (input.write_flags & FuseConstants.FUSE_WRITE_KILL_SUIDGID) != 0)
            error = KillSetId(slot.File.NodeId, slot.File);
        return Errno(error);
    }

    /// <summary>
    /// With handle_killpriv_v2 the kernel leaves to us what a write or O_TRUNC by a caller without CAP_FSETID does
    /// to setuid/setgid; in return it stops asking for security.capability before every write (SB_NOSEC).
    /// </summary>
    private FsError KillSetId(ulong nodeId, OpenFile file) =>
        union.SetAttributes(nodeId, new AttributeChanges { KillSetId = true }, file, out _);

    public override int Release(in FuseContext ctx, in fuse_release_in input)
    {
        if (_files.Remove(input.fh) is not { } slot) return 0;
        if (slot.BackingId > 0) ReleaseBacking(slot.File.NodeId, slot.BackingId);
        slot.File.Dispose();
        return 0;
    }

    /// <summary>
    /// copy_file_range inside the mount: the layers' filesystem copies (a reflink on btrfs or XFS, as overlayfs
    /// gets). A lower file is copied from where it lies, since an open for reading does not copy it up.
    /// </summary>
    public override int CopyFileRange(in FuseContext ctx, in fuse_copy_file_range_in input, out uint copied)
    {
        copied = 0;
        if (_files.Get(input.fh_in) is not { } from || _files.Get(input.fh_out) is not { } to) return Errno(FsError.BadHandle);
        const ulong largestReply = uint.MaxValue & ~4095UL;   // fuse_write_out.size is 32 bits
        var error = from.File.CopyTo((long)input.off_in, to.File, (long)input.off_out, (long)Math.Min(input.len, largestReply), out long n);
        copied = (uint)n;
        // The kernel leaves killing setuid/setgid to us (handle_killpriv_v2) and sends no flag for this request.
        if (error == FsError.None && n > 0 && ctx.Uid != 0) error = KillSetId(to.File.NodeId, to.File);
        return Errno(error);
    }

    public override int Fsync(in FuseContext ctx, in fuse_fsync_in input)
    {
        if (_files.Get(input.fh) is not { } slot) return Errno(FsError.BadHandle);
        return Errno(slot.File.Sync(dataOnly: (input.fsync_flags & 1) != 0));
    }

    public override int Fallocate(in FuseContext ctx, in fuse_fallocate_in input)
    {
        if (_files.Get(input.fh) is not { } slot) return Errno(FsError.BadHandle);
        return Errno(slot.File.Allocate((int)input.mode, (long)input.offset, (long)input.length));
    }

    public override int Lseek(in FuseContext ctx, in fuse_lseek_in input, out ulong offset)
    {
        offset = 0;
        if (_files.Get(input.fh) is not { } slot) return Errno(FsError.BadHandle);
        var error = slot.File.Seek((long)input.offset, (int)input.whence, out long result);
        offset = (ulong)result;
        return Errno(error);
    }

    // FLUSH is left to the base (ENOSYS): the kernel then stops sending it (no_flush). Writes reach the backing file
    // before their reply, so there is nothing to flush, and a close costs one round trip (RELEASE) instead of two.

    /// <summary>Open files the kernel still holds (for leak checks).</summary>
    public int OpenHandles => _files.Count;
}
