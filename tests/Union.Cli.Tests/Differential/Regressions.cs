// Shrunk sequences of past mismatches with kernel overlayfs, replayed as they were found (each one a fixed union bug).
namespace Union.Cli.Tests.Differential;

using static OpKind;

[Collection("mounts")]
public class DifferentialRegressions
{
    public static TheoryData<string> Names => [.. Sequences.Keys];

    /// <summary>Every run also compares the initial tree (merged lower directories report nlink 1, as overlayfs).</summary>
    private static readonly Dictionary<string, Operation[]> Sequences = new()
    {
        // The link reply names a new kernel inode; the source's cached nlink stayed 1.
        ["link keeps the source's nlink fresh"] =
            [new(Symlink, "m/z", "y"), new(SetXattr, "b", "user.k1", Fill: 10), new(Link, "m/z", "d1/s/gone"),
             new(Link, "a", "n1"), new(OpKind.Stat, "a")],
        // A chmod below copies up the parent directory, which then merges (nlink 1); its cached nlink stayed 2.
        ["copy-up of a parent refreshes its nlink"] = [new(OpKind.Stat, "d1/s"), new(Chmod, "d1/s/deep", Number: 0x124)],
        // Renaming the copy into the parent touched the parent's mtime; overlayfs puts the parent's times back.
        ["copy-up leaves the parent's mtime alone"] = [new(Append, "d1/s/deep", Length: 3, Fill: 7), new(Chmod, "m/m1", Number: 0x180)],
        // A directory made over a whiteout is built in work, where nothing is setgid: it lost the bit it inherits.
        ["mkdir over a whiteout in a setgid directory inherits setgid"] =
            [new(Unlink, "d1/z"), new(Chmod, "d1", Number: 0x5A4), new(Mkdir, "d1/z", Number: 0x1E4), new(OpKind.Stat, "d1/z")],
    };

    [SkippableTheory]
    [MemberData(nameof(Names))]
    public void Replays_like_kernel_overlayfs(string name)
    {
        Sandbox.RequireFuse();
        var failure = DifferentialRun.Run(0, 0, Sequences[name]);
        Assert.True(failure is null, failure?.ToString());
    }

    /// <summary>The daemon made the file as root and gave it to nobody; that chown cleared the setuid it was made with.</summary>
    [SkippableFact]
    public void A_setuid_file_made_by_nobody_keeps_setuid()
    {
        Sandbox.RequireFuse();
        var failure = DifferentialRun.Run(0, 0, [new(Create, "d1/a", Number: 0x9ED), new(OpKind.Stat, "d1/a")], uid: OperationRunner.Nobody);
        Assert.True(failure is null, failure?.ToString());
    }
}
