// The type bits of a POSIX mode, named.
namespace Union.Core;

/// <summary>What an entry is, as the S_IFMT bits of its mode say.</summary>
public enum FileKind : uint
{
    None = 0,
    Fifo = 0x1000,
    CharDevice = 0x2000,
    Directory = 0x4000,
    BlockDevice = 0x6000,
    Regular = 0x8000,
    Symlink = 0xA000,
    Socket = 0xC000,
}
