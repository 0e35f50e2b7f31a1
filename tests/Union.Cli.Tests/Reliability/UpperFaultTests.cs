// The upper's filesystem failing underneath the real daemon: full (ENOSPC during copy-up and during a write) and
// remounted read-only (EROFS). The caller gets the errno, the lower and the merged view stay as they were, no half
// copy appears under a real name, the work directory is clean, and the mount keeps serving.
namespace Union.Cli.Tests.Reliability;

[Collection("mounts")]
public class UpperFaultTests
{
    [SkippableFact]
    public void A_full_upper_gives_ENOSPC_and_leaves_no_half_copy()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        var big = new byte[6 << 20];
        new Random(6).NextBytes(big);
        Directory.CreateDirectory(s.P("lower"));
        File.WriteAllBytes(s.P("lower/big"), big);
        s.File("lower/small", "small\n");
        using var tmpfs = new Tmpfs(s.Dir("fs"), "4m");
        s.Dir("fs/upper"); s.Dir("fs/work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("fs/upper"), "--work", s.P("fs/work"));

        var copyUp = Sandbox.Sh($"echo more >> '{m}/big'");
        Assert.NotEqual(0, copyUp.Code);
        Assert.Contains("No space left on device", copyUp.Err);
        Assert.False(File.Exists(s.P("fs/upper/big")), "a failed copy-up left a file under the real name");
        Assert.Empty(Directory.EnumerateFileSystemEntries(s.P("fs/work/union-work")));
        Assert.Equal(big, File.ReadAllBytes(Path.Combine(m, "big")));

        var write = Sandbox.Sh($"head -c 8M /dev/zero > '{m}/new'");
        Assert.NotEqual(0, write.Code);
        Assert.Contains("No space left on device", write.Err);
        File.Delete(Path.Combine(m, "new"));

        // Space is back: the mount serves writes and copy-ups again.
        Assert.Equal(0, Sandbox.Sh($"echo more >> '{m}/small' && echo fresh > '{m}/fresh'").Code);
        Assert.Equal("small\nmore\n", File.ReadAllText(Path.Combine(m, "small")));
        Assert.Equal(big, File.ReadAllBytes(s.P("lower/big")));
        Assert.Equal("small\n", File.ReadAllText(s.P("lower/small")));
        s.Unmount(m);
    }

    [SkippableFact]
    public void A_read_only_upper_gives_EROFS_and_the_mount_lives()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/file", "lower\n");
        s.File("lower/dir/inner", "inner\n");
        using var tmpfs = new Tmpfs(s.Dir("fs"), "16m");
        s.Dir("fs/upper"); s.Dir("fs/work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("fs/upper"), "--work", s.P("fs/work"));
        File.WriteAllText(Path.Combine(m, "written"), "before\n");
        string upperBefore = Sandbox.Tree(s.P("fs/upper"));

        tmpfs.Remount("ro");
        foreach (var change in new[]
        {
            $"echo x > '{m}/new'", $"echo x >> '{m}/file'", $"echo x >> '{m}/written'", $"mkdir '{m}/d'",
            $"rm '{m}/file'", $"mv '{m}/dir' '{m}/dir2'", $"chmod 600 '{m}/file'", $"ln -s x '{m}/link'",
        })
        {
            var result = Sandbox.Sh(change);
            Assert.NotEqual(0, result.Code);
            Assert.Contains("Read-only file system", result.Err);
        }
        Assert.Equal("lower\n", File.ReadAllText(Path.Combine(m, "file")));
        Assert.Equal("before\n", File.ReadAllText(Path.Combine(m, "written")));
        Assert.Equal(["dir", "file", "written"], Directory.GetFileSystemEntries(m).Select(p => Path.GetFileName(p)!).Order().ToArray());
        Assert.Equal(upperBefore, Sandbox.Tree(s.P("fs/upper")));

        tmpfs.Remount("rw");
        Assert.Equal(0, Sandbox.Sh($"echo x >> '{m}/file' && mv '{m}/dir' '{m}/dir2'").Code);
        Assert.Equal("lower\nx\n", File.ReadAllText(Path.Combine(m, "file")));
        Assert.Equal("inner\n", File.ReadAllText(Path.Combine(m, "dir2/inner")));
        s.Unmount(m);
    }

    /// <summary>A small tmpfs for the upper and work, unmounted (lazily) when the test ends.</summary>
    private sealed class Tmpfs : IDisposable
    {
        private readonly string _path;

        public Tmpfs(string path, string size)
        {
            _path = path;
            var result = Sandbox.Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
            Assert.True(result.Code == 0, $"mount tmpfs: {result.Err}");
        }

        /// <summary>
        /// A close through FUSE returns before the daemon's RELEASE drops the upper file (the kernel sends it
        /// asynchronously), and a file still open for writing makes a read-only remount EBUSY: wait for it.
        /// </summary>
        public void Remount(string mode)
        {
            var result = Sandbox.Run("mount", "-o", $"remount,{mode}", _path);
            for (int i = 0; i < 100 && result.Code != 0 && result.Err.Contains("busy", StringComparison.OrdinalIgnoreCase); i++)
            {
                Thread.Sleep(50);
                result = Sandbox.Run("mount", "-o", $"remount,{mode}", _path);
            }
            Assert.True(result.Code == 0, $"remount {mode}: {result.Err}");
        }

        public void Dispose() => Sandbox.Run("umount", "-l", _path);
    }
}
