// A lower layer whose file cannot be read (a FUSE filesystem answering EIO, standing in for a failing disk):
// reads and copy-ups report EIO to the caller, nothing is left in the upper or work, and the mount lives on.
using Union.Linux.Fuse;
using Union.Linux.Interop;
using Union.Linux.Tests.Fuse;

namespace Union.Linux.Tests.Reliability;

public class LowerFaultTests
{
    [SkippableFact]
    public void An_unreadable_lower_file_surfaces_EIO_and_the_mount_lives()
    {
        UnionUnderTest.RequireRootFuse();
        using var u = new UnionUnderTest();
        var bad = Directory.CreateDirectory(u.Path("bad")).FullName;
        var good = Directory.CreateDirectory(u.Path("good")).FullName;
        File.WriteAllText(Path.Combine(good, "fine"), "fine\n");
        var fs = new HelloFileSystem("unreachable\n"u8.ToArray(), readError: Errno.EIO);
        using var badMount = FuseMount.Mount(bad, new FuseMountOptions { FsName = "eio", Subtype = "eiotest", AllowOther = true });
        using var session = new FuseSession(badMount.Channel, fs, new FuseSessionOptions { Threads = 1, Log = _ => { } });
        fs.Session = session;
        session.Start();
        try
        {
            u.Start(bad, good);
            var m = u.MountPoint;
            var hello = Path.Combine(m, "hello");
            Assert.Equal(12, new FileInfo(hello).Length);            // metadata still reads
            var read = Assert.ThrowsAny<IOException>(() => File.ReadAllBytes(hello));
            Assert.Equal(Errno.EIO, read.HResult & 0xFFFF);
            var copyUp = Assert.ThrowsAny<IOException>(() => File.AppendAllText(hello, "more"));
            Assert.Equal(Errno.EIO, copyUp.HResult & 0xFFFF);
            Assert.False(File.Exists(Path.Combine(u.Upper, "hello")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(u.Work, "union-work")));
            // The mount lives: the other layer reads, writes land, and the broken file can still be replaced.
            Assert.Equal("fine\n", File.ReadAllText(Path.Combine(m, "fine")));
            File.WriteAllText(Path.Combine(m, "new"), "new\n");
            // O_TRUNC: a copy-up without data (the shell's `>`; .NET opens first and truncates after).
            using (var shell = System.Diagnostics.Process.Start("sh", ["-c", $"echo replaced > '{hello}'"]))
            {
                shell.WaitForExit();
                Assert.Equal(0, shell.ExitCode);
            }
            Assert.Equal("replaced\n", File.ReadAllText(hello));
            Assert.Equal(["fine", "hello", "new"], Directory.GetFiles(m).Select(p => Path.GetFileName(p)!).Order().ToArray());
        }
        finally
        {
            u.Mount?.Dispose();
            badMount.Unmount(lazy: true);
        }
    }
}
