// How a snapshot shows its union to the code under test.
namespace Union.Testing;

public enum SnapshotMode
{
    /// <summary>A real mount where the platform allows one (FUSE on Linux), else the in-process engine view.</summary>
    Auto,
    /// <summary>A real mount, or an exception saying why there cannot be one.</summary>
    Mounted,
    /// <summary>Only the in-process engine view (<see cref="UnionSnapshot.FileSystem"/>); no mount, no privileges.</summary>
    InProcess,
}
