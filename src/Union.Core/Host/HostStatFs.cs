// Filesystem-wide figures, as statvfs reports them.
namespace Union.Core;

public struct FsStatistics
{
    public ulong Blocks, BlocksFree, BlocksAvailable, Files, FilesFree;
    public uint BlockSize, FragmentSize, MaxNameLength;
}
