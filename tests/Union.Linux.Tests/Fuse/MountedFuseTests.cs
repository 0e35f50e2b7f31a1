// Real mounts through the kernel: the hello filesystem end to end, and passthrough reads that bypass the daemon.
using System.Collections.Concurrent;
using Union.Linux.Fuse;
using Union.Linux.Interop;

namespace Union.Linux.Tests.Fuse;

public class MountedFuseTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>Under CI=true a missing prerequisite fails the test; elsewhere it skips.</summary>
    internal static void Require(bool root)
    {
        string? missing = !File.Exists(FuseChannel.DevicePath) ? "/dev/fuse is missing"
            : root && Libc.Getuid() != 0 ? "passthrough needs root (CAP_SYS_ADMIN)"
            : Libc.Getuid() != 0 && !File.Exists("/usr/bin/fusermount3") && !File.Exists("/bin/fusermount3") ? "fusermount3 is missing"
            : null;
        if (missing is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("Mounted FUSE test cannot run under CI: " + missing);
        }
        Skip.If(true, missing);
    }

    [SkippableFact]
    public void Hello_filesystem_serves_reads_listing_and_stat_then_ends_cleanly()
    {
        Require(root: false);
        var errors = new ConcurrentQueue<string>();
        var trace = new ConcurrentQueue<string>();
        var fs = new HelloFileSystem("hi\n"u8.ToArray());
        var options = new FuseSessionOptions { Threads = 2, Readdirplus = true, Log = errors.Enqueue, Trace = trace.Enqueue };
        RunMounted(fs, options, "hello", (mnt, session) =>
        {
            string file = Path.Combine(mnt, "hello");
            Assert.Equal("hi\n", File.ReadAllText(file));
            Assert.Equal([file], Directory.GetFiles(mnt));
            var info = new FileInfo(file);
            Assert.Equal(3, info.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, info.UnixFileMode);
            Assert.False(File.Exists(Path.Combine(mnt, "nope")));
            Assert.True(fs.Reads > 0);
            Assert.NotNull(session.Connection);
            Assert.Equal(45u, session.Connection!.Minor);
            // Both are cached now; ENOENT would only mean the kernel had already dropped them.
            Assert.Contains(session.NotifyInvalInode(HelloFileSystem.HelloNode, 0, 0), new[] { 0, Errno.ENOENT });
            Assert.Contains(session.NotifyInvalEntry(1, "hello"u8), new[] { 0, Errno.ENOENT });
            Assert.Equal("hi\n", File.ReadAllText(file));
        });
        Assert.Empty(errors);
        Assert.Contains(trace, l => l.Contains("FUSE_INIT", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("FUSE_LOOKUP", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void Fusermount3_handshake_passes_the_device_fd()
    {
        Require(root: false);
        Skip.IfNot(File.Exists("/usr/bin/fusermount3") || File.Exists("/bin/fusermount3"), "fusermount3 is missing");
        var errors = new ConcurrentQueue<string>();
        var fs = new HelloFileSystem("via fusermount3\n"u8.ToArray());
        RunMounted(fs, new FuseSessionOptions { Threads = 2, Log = errors.Enqueue }, "fusermount", (mnt, _) =>
        {
            Assert.Equal("via fusermount3\n", File.ReadAllText(Path.Combine(mnt, "hello")));
            string line = File.ReadLines("/proc/self/mounts").First(l => l.Contains(mnt, StringComparison.Ordinal));
            Assert.StartsWith("hellofs ", line, StringComparison.Ordinal);
            Assert.Contains(" fuse.hellotest ", line, StringComparison.Ordinal);
        }, useFusermount: true);
        Assert.Empty(errors);
    }

    [SkippableFact]
    public void Passthrough_reads_never_reach_the_daemon()
    {
        Require(root: true);
        byte[] content = "passthrough bytes\n"u8.ToArray();
        string backingPath = Path.Combine(Path.GetTempPath(), $"unionfs-backing-{Guid.NewGuid():N}");
        File.WriteAllBytes(backingPath, content);
        var errors = new ConcurrentQueue<string>();
        try
        {
            using var backing = File.OpenHandle(backingPath, FileMode.Open, FileAccess.Read);
            var fs = new HelloFileSystem(content, backing);
            var options = new FuseSessionOptions { Passthrough = true, Threads = 2, Log = errors.Enqueue };
            RunMounted(fs, options, "passthrough", (mnt, session) =>
            {
                Assert.True(session.Connection!.Passthrough);
                string file = Path.Combine(mnt, "hello");
                Assert.Equal(content, File.ReadAllBytes(file));
                using (var s = File.OpenRead(file))
                {
                    var buf = new byte[5];
                    s.Position = 12;
                    Assert.Equal(5, s.Read(buf));
                    Assert.Equal("bytes"u8.ToArray(), buf);
                }
                Assert.Equal(0, fs.LastOpenError);
                Assert.True(fs.BackingId > 0);
                Assert.Equal(0, fs.Reads);
                fs.CloseBacking();
            });
            Assert.Empty(errors);
        }
        finally
        {
            File.Delete(backingPath);
        }
    }

    private static void RunMounted(HelloFileSystem fs, FuseSessionOptions options, string name, Action<string, FuseSession> body,
        bool? useFusermount = null)
    {
        DirectoryInfo dir = Directory.CreateTempSubdirectory($"unionfs-fuse-{name}-");
        FuseMount? mount = null;
        FuseSession? session = null;
        try
        {
            var mountOptions = new FuseMountOptions { FsName = "hellofs", Subtype = "hellotest" };
            mount = useFusermount is bool viaHelper
                ? FuseMount.Mount(dir.FullName, mountOptions, viaHelper)
                : FuseMount.Mount(dir.FullName, mountOptions);
            session = new FuseSession(mount.Channel, fs, options);
            fs.Session = session;
            session.Start();
            // Run the IO off-thread so a protocol bug fails the test instead of hanging it.
            var io = Task.Run(() => body(dir.FullName, session));
            Assert.True(io.Wait(Timeout), "file system calls through the mount timed out");
            mount.Unmount();
            Assert.True(session.Completion.Wait(Timeout), "session did not end after unmount");
        }
        finally
        {
            if (mount is not null && mount.IsMounted)
            {
                try { mount.Unmount(); }
                catch (IOException) { mount.Unmount(lazy: true); }
            }
            session?.Dispose();
            mount?.Dispose();
            dir.Delete(recursive: false);
        }
    }
}
