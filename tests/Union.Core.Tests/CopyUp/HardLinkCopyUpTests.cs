// A lower file with several names stays one file across copy-up: every name reports one inode number, and data
// written through one name reads back through the others, now and after a remount (work/union-index).
namespace Union.Core.Tests.CopyUp;

using Union.Core.Host.Linux;
using static Union.Core.Tests.CopyUp.Concurrently;

public class HardLinkCopyUpTests
{
    private static ulong HostInode(string dir, string name)
    {
        var host = new LinuxHost();
        Assert.Equal(FsError.None, host.OpenRoot(dir, out var root));
        using (root)
        {
            Assert.Equal(FsError.None, host.Stat(root!, name, out var attributes));
            return attributes.Inode;
        }
    }

    private static LayerFixture LinkedLower()
    {
        var f = new LayerFixture(1);
        f.File(f.Lower(0), "a", "v1");
        f.Dir(f.Lower(0), "sub");
        LayerFixture.Run("ln", Path.Combine(f.Lower(0), "a"), Path.Combine(f.Lower(0), "b"));
        LayerFixture.Run("ln", Path.Combine(f.Lower(0), "a"), Path.Combine(f.Lower(0), "sub/c"));
        LayerFixture.Run("ln", Path.Combine(f.Lower(0), "a"), Path.Combine(f.Lower(0), "sub/untouched"));
        return f;
    }

    [Fact]
    public void The_link_count_counts_names_in_the_view_not_the_index_entry()
    {
        using var f = LinkedLower();
        string[] names = ["/a", "/b", "/sub/c", "/sub/untouched"];
        using (var fs = f.Open())
        {
            foreach (var name in names) Assert.Equal(4u, (uint)fs.Stat(name).LinkCount);
            fs.Write("/a", "+v2", append: true);
            // Every name is linked to the one copy by now (cached ones at once, others at lookup): four names, and
            // the upper file's fifth link is the index's.
            foreach (var name in names) Assert.Equal(4u, (uint)fs.Stat(name).LinkCount);
        }
        using (var fs = f.Open())
            foreach (var name in names) Assert.Equal(4u, (uint)fs.Stat(name).LinkCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_write_through_one_name_shows_through_every_name(bool truncate)
    {
        using var f = LinkedLower();
        ulong ino;
        using (var fs = f.Open())
        {
            ino = fs.Stat("/a").Inode;
            Assert.Equal(ino, fs.Stat("/b").Inode);   // /b is cached while still lower
            if (truncate) fs.Write("/a", "v2");          // O_TRUNC: the metadata-only copy-up under the lock
            else fs.Write("/a", "+v2", append: true);   // the data copy-up outside the lock
            string expected = truncate ? "v2" : "v1+v2";
            Assert.Equal(expected, fs.Read("/b"));
            Assert.Equal(expected, fs.Read("/sub/c"));   // looked up only now
            fs.Write("/sub/c", "+v3", append: true);
            Assert.Equal(expected + "+v3", fs.Read("/a"));
            foreach (var name in new[] { "/a", "/b", "/sub/c" }) Assert.Equal(ino, fs.Stat(name).Inode);
            Assert.Equal(expected + "+v3", File.ReadAllText(Path.Combine(f.Upper, "b")));
        }
        ulong upperInode = HostInode(f.Upper, "a");
        Assert.Equal(upperInode, HostInode(f.Upper, "b"));
        Assert.Equal(upperInode, HostInode(f.Upper, "sub/c"));
        Assert.Equal("v1", File.ReadAllText(Path.Combine(f.Lower(0), "a")));
        var index = Directory.GetFiles(Path.Combine(f.Work, "union-index"));
        Assert.Equal(ino.ToString("x16"), Path.GetFileName(Assert.Single(index)));
        Assert.False(File.Exists(Path.Combine(f.Upper, "sub/untouched")));

        // After a remount, a name never copied up still finds the copy.
        using (var fs = f.Open())
        {
            Assert.Equal(ino, fs.Stat("/sub/untouched").Inode);
            Assert.Equal((truncate ? "v2" : "v1+v2") + "+v3", fs.Read("/sub/untouched"));
        }
        Assert.Equal(upperInode, HostInode(f.Upper, "sub/untouched"));
    }

    [Fact]
    public void Concurrent_copy_ups_of_two_names_end_as_one_file()
    {
        using var f = LinkedLower();
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong a = fs.Id("/a"), b = fs.Id("/b");
        var openA = OpenForWrite(fs, a);
        host.AwaitCopyStarted();
        var openB = OpenForWrite(fs, b);
        host.AwaitCopyStarted();   // two names, two nodes: each copies, the later one to finish links instead
        host.Proceed.Release(2);
        var (errorA, fileA) = Finish(openA);
        var (errorB, fileB) = Finish(openB);
        Assert.Equal(FsError.None, errorA);
        Assert.Equal(FsError.None, errorB);
        using (fileA) Assert.Equal(FsError.None, fileA!.Write("A!"u8, 0, out _));
        using (fileB)
        {
            var buffer = new byte[8];
            Assert.Equal(FsError.None, fileB!.Read(buffer, 0, out int n));
            Assert.Equal("A!", System.Text.Encoding.ASCII.GetString(buffer, 0, n));
        }
        Assert.Equal(HostInode(f.Upper, "a"), HostInode(f.Upper, "b"));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(f.Work, "union-work")));
    }

    [Fact]
    public void A_file_with_one_name_needs_no_index()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "single", "x");
        using (var fs = f.Open()) fs.Write("/single", "y", append: true);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(f.Work, "union-index")));
    }
}
