// The metadata of one entry as both adapters need it: POSIX fields plus Windows attributes and creation time.
namespace Union.Core;

/// <summary>Attributes of an entry in the merged view.</summary>
public struct EntryAttributes
{
    /// <summary>Type and permission bits (S_IFMT | 07777).</summary>
    public uint Mode;
    public ulong Inode;
    public uint LinkCount;
    public uint Uid;
    public uint Gid;
    public ulong Rdev;
    public long Size;
    public long Blocks;
    public uint BlockSize;
    public Timestamp AccessTime;
    public Timestamp ModifyTime;
    public Timestamp ChangeTime;
    public Timestamp BirthTime;
    /// <summary>Windows FILE_ATTRIBUTE_* bits where the host keeps them; 0 elsewhere.</summary>
    public uint WindowsAttributes;
    /// <summary>
    /// The file is also reachable through another node than its names count: the unnamed file it was linked from,
    /// still open. Like a hard link, a cache of its attributes goes stale with writes made there.
    /// </summary>
    public bool Aliased;

    public readonly FileKind Kind => (FileKind)(Mode & 0xF000);
    public readonly uint Permissions => Mode & 0xFFF;
    public readonly bool IsDirectory => Kind == FileKind.Directory;

    /// <summary>
    /// The permission bits a write by a caller without CAP_FSETID leaves: setuid and, where the group may execute,
    /// setgid cleared (setgid alone means mandatory locking and stays). Null when nothing would change.
    /// </summary>
    public readonly uint? PermissionsAfterKillingSetId
    {
        get
        {
            const uint setUid = 0x800, setGid = 0x400, groupExecute = 0x8;
            if (Kind != FileKind.Regular) return null;
            uint kill = setUid | ((Permissions & groupExecute) != 0 ? setGid : 0);
            return (Permissions & kill) != 0 ? Permissions & ~kill : null;
        }
    }
}
