// Engine attributes as Windows reports them. Linux hosts keep no FILE_ATTRIBUTE_* bits, so they are derived:
// DIRECTORY from the type, READONLY from a missing owner write bit (files only: on directories Windows reads it
// as "customised folder"), HIDDEN for dot names (Samba's and Cygwin's convention), ARCHIVE on files, SYSTEM on
// fifos, sockets and devices. Bits a Windows host keeps are added as they are.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows;

internal static class WindowsAttributes
{
    // FILETIME counts 100 ns ticks from 1601-01-01 UTC; Unix time starts 11644473600 s later.
    private const long UnixEpochFileTime = 116444736000000000;

    public static FileInformation From(string name, in EntryAttributes attributes, long length)
    {
        var modified = FileTime(attributes.ModifyTime);
        var birth = FileTime(attributes.BirthTime);
        return new FileInformation
        {
            Attributes = Attributes(name, attributes),
            // Hosts without a birth time report 0: the last write is the best lower bound.
            CreationTime = birth > 0 ? birth : modified,
            LastAccessTime = FileTime(attributes.AccessTime),
            LastWriteTime = modified,
            Length = attributes.IsDirectory ? 0 : length,
            FileIndex = attributes.Inode,
            NumberOfLinks = attributes.IsDirectory ? 1 : Math.Max(1, attributes.LinkCount),
        };
    }

    public static FileAttributes Attributes(string name, in EntryAttributes attributes)
    {
        var result = (FileAttributes)attributes.WindowsAttributes;
        result |= attributes.Kind switch
        {
            FileKind.Directory => FileAttributes.Directory,
            FileKind.Regular or FileKind.Symlink => FileAttributes.Archive,
            _ => FileAttributes.System,
        };
        if (!attributes.IsDirectory && (attributes.Mode & 0x80) == 0)
        {
            result |= FileAttributes.ReadOnly;
        }

        if (name.StartsWith('.'))
        {
            result |= FileAttributes.Hidden;
        }

        return result;
    }

    public static long FileTime(Timestamp time) =>
        time.Seconds == 0 && time.Nanoseconds == 0
            ? 0
            : UnixEpochFileTime + (time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100);

    public static Timestamp ToTimestamp(long fileTime)
    {
        var ticks = fileTime - UnixEpochFileTime;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return new Timestamp(seconds, (uint)(remainder * 100));
    }
}
