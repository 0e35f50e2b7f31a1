// A fixture tree behind a fresh upper for the length of one test: the code under test changes the merged view,
// the test reads the change set as data or compares it with an approved file, and Dispose throws it all away.
// The fixture is never written.
namespace Union.Testing;

using System.Runtime.CompilerServices;
using Union.Core;
using Union.Core.Changes;
using Union.Core.Layers;
using System.Runtime.Versioning;
using Union.Linux;
using Union.Windows;

/// <summary>
/// <code>
/// using var snapshot = UnionSnapshot.Mount("fixtures/project");
/// RunTheTool(snapshot.Path);
/// snapshot.Verify("RunTheTool.approved.txt");   // next to the test source file
/// </code>
/// </summary>
public sealed class UnionSnapshot : IDisposable
{
    private readonly ScratchUpper _scratch;
    private readonly IDisposable? _mount;  // the platform's mount (UnionMount on Linux)
    private readonly IReadOnlyList<string> _lowers;
    private int _disposed;

    private UnionSnapshot(ScratchUpper scratch, UnionFileSystem fileSystem, IDisposable? mount, IReadOnlyList<string> lowers)
    {
        _scratch = scratch;
        FileSystem = fileSystem;
        _mount = mount;
        _lowers = lowers;
    }

    /// <summary>The merged tree to run the code under test in; null when the snapshot is in-process only.</summary>
    public string? Path => _mount is null ? null : _scratch.MountPoint;

    public bool IsMounted => _mount is not null;

    /// <summary>The engine behind the view: the way in for code under test when there is no mount.</summary>
    public UnionFileSystem FileSystem { get; }

    /// <summary>The upper that takes every change (removed on dispose).</summary>
    public string Upper => _scratch.Upper;

    /// <summary>Mounts <paramref name="fixture"/> (and any further <paramref name="lowers"/> below it) with a fresh upper.</summary>
    public static UnionSnapshot Mount(string fixture, params string[] lowers) => Mount([fixture, .. lowers], SnapshotMode.Auto);

    public static UnionSnapshot Mount(IReadOnlyList<string> layers, SnapshotMode mode)
    {
        var lowers = layers.Select(l => System.IO.Path.GetFullPath(l)).ToList();
        var scratch = ScratchUpper.Create();
        UnionFileSystem? union = null;
        try
        {
            union = UnionFileSystem.Open(new UnionOptions { Lowers = lowers, Upper = scratch.Upper, Work = scratch.Work });
            var mount = mode == SnapshotMode.InProcess ? null : TryMount(union, scratch.MountPoint, mode == SnapshotMode.Mounted);
            return new UnionSnapshot(scratch, union, mount, lowers);
        }
        catch
        {
            union?.Dispose();
            scratch.Dispose();
            throw;
        }
    }

    private static IDisposable? TryMount(UnionFileSystem union, string mountPoint, bool required)
    {
        string reason;
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/dev/fuse")) return MountFuse(union, mountPoint);
            if (OperatingSystem.IsWindows()) return UnionDokanMount.Start(union, mountPoint);
            reason = OperatingSystem.IsLinux() ? "/dev/fuse is missing" : "no mount on this platform";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            reason = e.Message;
        }
        return required ? throw new InvalidOperationException($"cannot mount a snapshot: {reason}") : null;
    }

    [SupportedOSPlatform("linux")]
    private static UnionMount MountFuse(UnionFileSystem union, string mountPoint)
    {
        bool root = Environment.IsPrivilegedProcess;
        var mount = UnionMount.Start(union, mountPoint, new UnionFuseOptions
        {
            AllowOther = root,
            DefaultPermissions = root,
            FsName = "union-snapshot",
        });
        Directory.Exists(mountPoint);  // the first stat waits for INIT
        return mount;
    }

    /// <summary>What the code under test changed so far, against the pristine fixture.</summary>
    public ChangeSet Changes() => ChangeSet.Read(_scratch.Upper, _lowers);

    /// <summary>
    /// Compares the change set's text with <paramref name="approvedFile"/> (relative names are next to the calling
    /// test's source file). On a difference, or when there is no approved file yet, writes the received text beside
    /// it (<c>NAME.received.txt</c>) and throws; approve by copying the received file over the approved one.
    /// </summary>
    public void Verify(string approvedFile, [CallerFilePath] string testFile = "")
    {
        var approved = System.IO.Path.IsPathRooted(approvedFile)
            ? approvedFile
            : System.IO.Path.Combine(System.IO.Path.GetDirectoryName(testFile) ?? "", approvedFile);
        var received = ReceivedPath(approved);
        var text = Changes().ToString();
        if (File.Exists(approved) && File.ReadAllText(approved).ReplaceLineEndings("\n") == text)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, text);
        throw new SnapshotMismatchException(File.Exists(approved)
            ? $"changes differ from '{approved}': compare with '{received}', and copy it over the approved file if it is right"
            : $"no approved snapshot '{approved}' yet: review '{received}' and copy it to the approved name");
    }

    private static string ReceivedPath(string approved) =>
        approved.EndsWith(".approved.txt", StringComparison.Ordinal)
            ? approved[..^".approved.txt".Length] + ".received.txt"
            : approved + ".received";

    /// <summary>Unmounts and deletes the upper: the fixture is as it was.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _mount?.Dispose();
        FileSystem.Dispose();
        _scratch.Dispose();
    }
}
