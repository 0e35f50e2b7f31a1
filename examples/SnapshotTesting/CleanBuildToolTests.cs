// Snapshot tests with Union.Testing: the tool runs against the pristine example layer through a fresh upper; the
// test checks the change set as data and against the approved file next to it; dispose throws the changes away.
namespace SnapshotTesting;

using System.Runtime.CompilerServices;
using Union.Core;
using Union.Core.Changes;
using Union.Testing;

public class CleanBuildToolTests
{
    private static string Fixture([CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "layers", "base"));

    private static string Listing(string dir) => string.Join("\n",
        Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(p => p + (File.Exists(p) ? ":" + File.ReadAllText(p) : "")));

    [Fact]
    public void The_build_changes_exactly_what_the_approved_snapshot_says()
    {
        var pristine = Listing(Fixture());
        using (var snapshot = UnionSnapshot.Mount(Fixture()))
        {
            // Mounted tests never fall back silently in CI.
            if (Environment.GetEnvironmentVariable("CI") == "true") Assert.True(snapshot.IsMounted, "CI must mount the snapshot");
            if (!snapshot.IsMounted) return;  // a developer machine without FUSE: see the in-process test below
            CleanBuildTool.Run(snapshot.Path!);

            var changes = snapshot.Changes();
            Assert.Contains(changes.Changes, c => c is { Path: "/sources", Kind: ChangeKind.Renamed, From: "/src" });
            Assert.Contains(changes.Changes, c => c is { Path: "/notes.txt", Kind: ChangeKind.Deleted });
            snapshot.Verify("CleanBuildToolTests.approved.txt");
        }
        Assert.Equal(pristine, Listing(Fixture()));
    }

    [Fact]
    public void A_different_change_fails_verification_and_writes_the_received_file()
    {
        var approved = Path.Combine(Path.GetTempPath(), $"union-example-{Environment.ProcessId}.approved.txt");
        var received = approved.Replace(".approved.txt", ".received.txt");
        File.WriteAllText(approved, "added    file               4 /other\n");
        try
        {
            using var snapshot = UnionSnapshot.Mount([Fixture()], SnapshotMode.InProcess);
            var fs = snapshot.FileSystem;
            Assert.Null(snapshot.Path);
            Assert.Equal(FsError.None, fs.CreateFile(UnionFileSystem.RootId, "new", OpenMode.WriteOnly, 0x1A4, new Caller(0, 0),
                out _, out _, out var file));
            using (file) Assert.Equal(FsError.None, file!.Write("hello"u8, 0, out _));
            var error = Assert.Throws<SnapshotMismatchException>(() => snapshot.Verify(approved));
            Assert.Contains("differ", error.Message);
            Assert.Equal("added    file               5 /new\n", File.ReadAllText(received));
            File.Copy(received, approved, overwrite: true);  // approving
            snapshot.Verify(approved);
            Assert.False(File.Exists(received));
        }
        finally
        {
            File.Delete(approved);
            File.Delete(received);
        }
    }
}
