// Filesystem-wide figures, as statvfs reports them.
namespace Union.Core;

public struct FsStatistics
{
    public ulong Blocks, BlocksFree, BlocksAvailable, Files, FilesFree;
    public uint BlockSize, FragmentSize, MaxNameLength;
    /// <summary>Mounted read-only (ST_RDONLY): every change would fail with EROFS.</summary>
    public bool ReadOnly;
}
