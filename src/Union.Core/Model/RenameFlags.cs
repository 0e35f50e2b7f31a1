// renameat2 flags, named.
namespace Union.Core;

[Flags]
public enum RenameFlags : uint
{
    None = 0,
    /// <summary>Fail with Exists if the target exists (RENAME_NOREPLACE).</summary>
    NoReplace = 1,
    /// <summary>Atomically swap source and target (RENAME_EXCHANGE).</summary>
    Exchange = 2,
    /// <summary>Leave a whiteout at the source (RENAME_WHITEOUT); not offered to callers.</summary>
    Whiteout = 4,
}
