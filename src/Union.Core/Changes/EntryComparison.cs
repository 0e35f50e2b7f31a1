// Content versus metadata: how an upper entry differs from the lower entry it shadows. Content is file data,
// symlink target or device number; metadata is mode, owner, modification time and xattrs. A directory's time is
// left out: it follows its children, which are reported themselves.
namespace Union.Core.Changes;

using Union.Core.Host;
using Union.Core.Whiteouts;

internal sealed class EntryComparison(IHostFileSystem host, UnionFileSystem? lowers)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>Same type on both sides; <paramref name="name"/> is the upper entry in <paramref name="dir"/>.</summary>
    public bool ContentDiffers(HostDirectory dir, string name, in EntryAttributes upper, ulong lowerId, in EntryAttributes lower)
    {
        switch (upper.Kind)
        {
            case FileKind.Regular:
                return upper.Size != lower.Size || DataDiffers(dir, name, lowerId, upper.Size);
            case FileKind.Symlink:
                host.ReadLink(dir, name, out var upperTarget);
                lowers!.ReadLink(lowerId, out var lowerTarget);
                return upperTarget != lowerTarget;
            case FileKind.CharDevice or FileKind.BlockDevice:
                return upper.Rdev != lower.Rdev;
            default:
                return false;
        }
    }

    /// <summary><paramref name="name"/> null compares the directory <paramref name="dir"/> itself.</summary>
    public bool MetadataDiffers(HostDirectory dir, string? name, in EntryAttributes upper, ulong lowerId, in EntryAttributes lower)
    {
        if (upper.Mode != lower.Mode || upper.Uid != lower.Uid || upper.Gid != lower.Gid) return true;
        if (!upper.IsDirectory && upper.ModifyTime != lower.ModifyTime) return true;
        return XattrsDiffer(dir, name, lowerId);
    }

    private bool DataDiffers(HostDirectory dir, string name, ulong lowerId, long size)
    {
        if (size == 0) return false;
        if (host.Open(dir, name, OpenMode.ReadOnly, 0, out var upperFile) != FsError.None) return true;
        using (upperFile)
        {
            if (lowers!.Open(lowerId, OpenMode.ReadOnly, out var lowerFile) != FsError.None) return true;
            using (lowerFile)
            {
                var a = new byte[ChunkSize];
                var b = new byte[ChunkSize];
                for (long offset = 0; offset < size;)
                {
                    if (host.Read(upperFile!, a, offset, out int n) != FsError.None ||
                        lowerFile!.Read(b.AsSpan(0, n), offset, out int m) != FsError.None || n != m) return true;
                    if (n == 0) return false;
                    if (!a.AsSpan(0, n).SequenceEqual(b.AsSpan(0, m))) return true;
                    offset += n;
                }
                return false;
            }
        }
    }

    private bool XattrsDiffer(HostDirectory dir, string? name, ulong lowerId)
    {
        var upperNames = new List<string>();
        host.ListXattr(dir, name, upperNames);
        upperNames.RemoveAll(Markers.IsReservedXattr);
        var lowerNames = new List<string>();
        lowers!.ListXattr(lowerId, lowerNames);
        if (upperNames.Count != lowerNames.Count) return true;
        var a = new byte[64 * 1024];
        var b = new byte[64 * 1024];
        foreach (var attribute in upperNames)
        {
            if (!lowerNames.Contains(attribute)) return true;
            if (host.GetXattr(dir, name, attribute, a, out int n) != FsError.None ||
                lowers.GetXattr(lowerId, attribute, b, out int m) != FsError.None) return true;
            if (!a.AsSpan(0, n).SequenceEqual(b.AsSpan(0, m))) return true;
        }
        return false;
    }
}
