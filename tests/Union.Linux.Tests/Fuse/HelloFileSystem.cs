// A tiny read-only filesystem for mounted tests: "/" holding one file "hello"; optionally served via passthrough.
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Tests.Fuse;

internal sealed class HelloFileSystem : FuseFileSystemBase
{
    public const ulong HelloNode = 2;
    private const uint S_IFDIR = 0x4000;
    private const uint S_IFREG = 0x8000;

    private readonly byte[] _content;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle? _backingFile;
    private int _backingId;
    private int _reads;

    private readonly int _readError;
    private readonly ManualResetEventSlim? _writeOpenGate;
    private int _writeOpensWaiting;

    /// <param name="backingFile">When set, OPEN replies FOPEN_PASSTHROUGH with this file registered as backing.</param>
    /// <param name="readError">When set, every READ fails with this errno (a disk that went bad underneath).</param>
    /// <param name="writeOpenGate">When set, an OPEN for writing waits for it before it is refused (a slow copy-up).</param>
    public HelloFileSystem(byte[] content, Microsoft.Win32.SafeHandles.SafeFileHandle? backingFile = null, int readError = 0,
        ManualResetEventSlim? writeOpenGate = null)
    {
        _content = content;
        _backingFile = backingFile;
        _readError = readError;
        _writeOpenGate = writeOpenGate;
    }

    /// <summary>OPENs for writing now held by the gate.</summary>
    public int WriteOpensWaiting => Volatile.Read(ref _writeOpensWaiting);

    public FuseSession? Session { get; set; }
    public int Reads => Volatile.Read(ref _reads);
    public int BackingId => _backingId;
    public int LastOpenError { get; private set; }

    public override int Lookup(in FuseContext ctx, ReadOnlySpan<byte> name, out fuse_entry_out entry)
    {
        entry = default;
        if (ctx.NodeId != FuseConstants.FUSE_ROOT_ID || !name.SequenceEqual("hello"u8))
        {
            return Errno.ENOENT;
        }
        entry.nodeid = HelloNode;
        entry.entry_valid = 1;
        entry.attr_valid = 1;
        FillAttr(HelloNode, ref entry.attr);
        return 0;
    }

    public override int GetAttr(in FuseContext ctx, in fuse_getattr_in input, out fuse_attr_out attr)
    {
        attr = default;
        if (ctx.NodeId != FuseConstants.FUSE_ROOT_ID && ctx.NodeId != HelloNode)
        {
            return Errno.ENOENT;
        }
        attr.attr_valid = 1;
        FillAttr(ctx.NodeId, ref attr.attr);
        return 0;
    }

    public override int Open(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output)
    {
        output = default;
        if (ctx.NodeId != HelloNode)
        {
            return Errno.EISDIR;
        }
        if ((input.flags & 3) != 0)
        {
            if (_writeOpenGate is { } gate)
            {
                Interlocked.Increment(ref _writeOpensWaiting);
                gate.Wait();
                Interlocked.Decrement(ref _writeOpensWaiting);
            }
            return Errno.EACCES;
        }
        if (_backingFile is not null)
        {
            lock (_content)
            {
                if (_backingId == 0)
                {
                    int rc = Session!.BackingOpen((int)_backingFile.DangerousGetHandle(), out _backingId);
                    if (rc != 0)
                    {
                        LastOpenError = rc;
                        return rc;
                    }
                }
            }
            output.open_flags = FuseConstants.FOPEN_PASSTHROUGH;
            output.backing_id = _backingId;
        }
        return 0;
    }

    public override int Read(in FuseContext ctx, in fuse_read_in input, Span<byte> data, out int bytesRead)
    {
        Interlocked.Increment(ref _reads);
        bytesRead = 0;
        if (_readError != 0)
        {
            return _readError;
        }
        int from = (int)Math.Min(input.offset, (ulong)_content.Length);
        bytesRead = Math.Min(data.Length, _content.Length - from);
        _content.AsSpan(from, bytesRead).CopyTo(data);
        return 0;
    }

    public override int Release(in FuseContext ctx, in fuse_release_in input) => 0;
    public override int Flush(in FuseContext ctx, in fuse_flush_in input) => 0;
    public override int OpenDir(in FuseContext ctx, in fuse_open_in input, out fuse_open_out output)
    {
        output = default;
        return ctx.NodeId == FuseConstants.FUSE_ROOT_ID ? 0 : Errno.ENOTDIR;
    }

    public override int ReleaseDir(in FuseContext ctx, in fuse_release_in input) => 0;

    public override int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        for (ulong i = input.offset; i < 3; i++)
        {
            if (!entries.Add(i == 2 ? HelloNode : 1, i + 1, (i == 2 ? S_IFREG : S_IFDIR) >> 12, EntryName(i)))
            {
                break;
            }
        }
        return 0;
    }

    public override int ReadDirPlus(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        for (ulong i = input.offset; i < 3; i++)
        {
            // "." and ".." carry nodeid 0: the kernel takes no lookup reference for them.
            var entry = default(fuse_entry_out);
            entry.attr.ino = i == 2 ? HelloNode : 1;
            if (i == 2)
            {
                entry.nodeid = HelloNode;
                entry.entry_valid = 1;
                entry.attr_valid = 1;
                FillAttr(HelloNode, ref entry.attr);
            }
            if (!entries.AddPlus(in entry, i + 1, (i == 2 ? S_IFREG : S_IFDIR) >> 12, EntryName(i)))
            {
                break;
            }
        }
        return 0;
    }

    public override int StatFs(in FuseContext ctx, out fuse_kstatfs stat)
    {
        stat = default;
        stat.bsize = 4096;
        stat.frsize = 4096;
        stat.namelen = 255;
        return 0;
    }

    public void CloseBacking()
    {
        if (_backingId != 0)
        {
            Session?.BackingClose(_backingId);
            _backingId = 0;
        }
    }

    private static ReadOnlySpan<byte> EntryName(ulong i) => i switch { 0 => "."u8, 1 => ".."u8, _ => "hello"u8 };

    private void FillAttr(ulong node, ref fuse_attr a)
    {
        a.ino = node;
        a.blksize = 4096;
        if (node == HelloNode)
        {
            a.mode = S_IFREG | 0x1a4; // 0644
            a.nlink = 1;
            a.size = (ulong)_content.Length;
            a.blocks = 1;
        }
        else
        {
            a.mode = S_IFDIR | 0x1ed; // 0755
            a.nlink = 2;
        }
    }
}
