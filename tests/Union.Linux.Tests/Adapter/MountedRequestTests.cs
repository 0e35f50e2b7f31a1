// Requests the kernel stops sending once answered ENOSYS: FLUSH on every close and OPENDIR/RELEASEDIR on every
// directory open cost round trips the union does not need (writes reach the backing file before their reply; the
// kernel opens directories itself and caches their listings).
using System.Collections.Concurrent;
using Union.Core;
using Union.Linux.Tests.Fuse;

namespace Union.Linux.Tests.Adapter;

public sealed class MountedRequestTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("union-requests-").FullName;
    private readonly ConcurrentQueue<string> _trace = new();

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private int Count(string opcode) => _trace.Count(l => l.Contains(opcode + " ", StringComparison.Ordinal));

    [SkippableFact]
    public void Closing_files_and_opening_directories_reach_the_daemon_once_at_most()
    {
        MountedFuseTests.Require(root: false);
        foreach (var d in new[] { "a", "b", "c" }) File.WriteAllText(Path.Combine(Dir("lower/" + d), "f"), d);
        var union = UnionFileSystem.Open(new UnionOptions { Lowers = [Path.Combine(_root, "lower")], Upper = Dir("upper"), Work = Dir("work") });
        string mnt = Dir("mnt");
        using (UnionMount.Start(union, mnt, new UnionFuseOptions { Threads = 2, Trace = _trace.Enqueue }))
        {
            for (int i = 0; i < 5; i++) File.WriteAllText(Path.Combine(mnt, $"new{i}"), "data");
            for (int pass = 0; pass < 2; pass++)
                foreach (var d in new[] { "a", "b", "c" })
                    Assert.Equal(["f"], Directory.EnumerateFiles(Path.Combine(mnt, d)).Select(Path.GetFileName));
            Assert.Equal("data", File.ReadAllText(Path.Combine(_root, "upper", "new4")));
            Assert.True(Count("FUSE_CREATE") >= 5, "the creates were traced");
            Assert.True(Count("FUSE_FLUSH") <= 1, $"{Count("FUSE_FLUSH")} FLUSH requests for 5 closes");
            Assert.True(Count("FUSE_OPENDIR") <= 1, $"{Count("FUSE_OPENDIR")} OPENDIR requests for 6 directory opens");
            Assert.Equal(0, Count("FUSE_RELEASEDIR"));
        }
    }

    [SkippableFact]
    public void Many_writes_to_one_file_ask_for_its_security_capability_once()
    {
        // Without handle_killpriv_v2 the kernel sends GETXATTR security.capability before every write(2).
        MountedFuseTests.Require(root: false);
        Dir("lower");
        var union = UnionFileSystem.Open(new UnionOptions { Lowers = [Path.Combine(_root, "lower")], Upper = Dir("upper"), Work = Dir("work") });
        string mnt = Dir("mnt");
        using (UnionMount.Start(union, mnt, new UnionFuseOptions { Threads = 2, Trace = _trace.Enqueue }))
        {
            var block = new byte[4096];
            using (var stream = new FileStream(Path.Combine(mnt, "written"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
                for (int i = 0; i < 50; i++) stream.Write(block);
            Assert.Equal(50 * 4096, new FileInfo(Path.Combine(_root, "upper", "written")).Length);
            Assert.True(Count("FUSE_CREATE") >= 1, "the create was traced");
            Assert.True(Count("FUSE_GETXATTR") <= 1, $"{Count("FUSE_GETXATTR")} GETXATTR requests for 50 writes");
        }
    }

    public void Dispose()
    {
        foreach (var line in File.ReadLines("/proc/self/mounts").Where(l => l.Contains(_root, StringComparison.Ordinal)))
            Interop.Libc.Umount2(line.Split(' ')[1], 2);
        Directory.Delete(_root, recursive: true);
    }
}
