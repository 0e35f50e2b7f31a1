// Test double: a handful of canned answers, plus counters, behind the FUSE interface.
using System.Text;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Tests.Fuse;

internal sealed class FakeFileSystem : FuseFileSystemBase
{
    public static readonly byte[] XattrValue = "hello"u8.ToArray();
    public static readonly string[] DirNames = ["a", "bb", "ccccccccc", "d"];

    public int Forgets;
    public ulong ForgottenLookups;
    public FuseInitFlags? WantOverride;

    public override void Init(ref FuseInitConfig config)
    {
        if (WantOverride is { } w)
        {
            config.Want = w;
        }
    }

    public override void Forget(ulong nodeId, ulong nlookup)
    {
        Forgets++;
        ForgottenLookups += nlookup;
    }

    public override int Lookup(in FuseContext ctx, ReadOnlySpan<byte> name, out fuse_entry_out entry)
    {
        entry = default;
        if (name.SequenceEqual("boom"u8))
        {
            throw new InvalidOperationException("handler bug");
        }
        if (!name.SequenceEqual("a"u8))
        {
            return Errno.ENOENT;
        }
        entry.nodeid = 2;
        entry.generation = 7;
        entry.entry_valid = 1;
        entry.attr_valid = 1;
        entry.attr.ino = 2;
        entry.attr.mode = 0x8000 | 0x1a4;
        entry.attr.nlink = 1;
        entry.attr.size = 3;
        return 0;
    }

    public override int GetXattr(in FuseContext ctx, ReadOnlySpan<byte> name, Span<byte> buffer, out int length)
    {
        length = 0;
        return name.SequenceEqual("user.x"u8) ? CopyValue(XattrValue, buffer, out length) : Errno.ENODATA;
    }

    public override int ListXattr(in FuseContext ctx, Span<byte> buffer, out int length) =>
        CopyValue("user.x\0"u8, buffer, out length);

    public override int Read(in FuseContext ctx, in fuse_read_in input, Span<byte> data, out int bytesRead)
    {
        ReadOnlySpan<byte> content = "hi\n"u8;
        int from = (int)Math.Min(input.offset, (ulong)content.Length);
        bytesRead = Math.Min(data.Length, content.Length - from);
        content.Slice(from, bytesRead).CopyTo(data);
        return 0;
    }

    public override int Write(in FuseContext ctx, in fuse_write_in input, ReadOnlySpan<byte> data, out uint written)
    {
        written = (uint)data.Length;
        return 0;
    }

    public override int ReadDir(in FuseContext ctx, in fuse_read_in input, ref FuseDirentWriter entries)
    {
        for (int i = (int)input.offset; i < DirNames.Length; i++)
        {
            if (!entries.Add((ulong)(i + 10), (ulong)(i + 1), 8, Encoding.UTF8.GetBytes(DirNames[i])))
            {
                break;
            }
        }
        return 0;
    }
}
