// What is particular to the portable (System.IO) host: names are single components, links are never resolved
// through, directory handles and inode numbers follow renames, and what it cannot do is refused clearly.
namespace Union.Core.Tests;

using Union.Core.Host;
using Union.Core.Host.Portable;

public class PortableHostTests
{
    [Fact]
    public void The_overlay_marker_format_is_refused_with_a_clear_reason()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        var e = Assert.Throws<FsException>(() => f.Open(WhiteoutFormat.Overlay));
        Assert.Equal(FsError.InvalidArgument, e.Error);
        Assert.Contains("--whiteout oci", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(f.Upper));
    }

    [Fact]
    public void Names_that_could_leave_a_directory_are_refused()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "a/secret", "x");
        var host = new PortableHost();
        Assert.Equal(FsError.None, host.OpenRoot(Path.Combine(f.Lower(0), "a"), out var dir));
        using (dir)
        {
            foreach (var bad in new[] { "..", "", "x/y", "../a", "x\0y" })
            {
                Assert.Equal(FsError.InvalidArgument, host.Stat(dir!, bad, out _));
                Assert.Equal(FsError.InvalidArgument, host.OpenDirectory(dir!, bad, out _));
                Assert.Equal(FsError.InvalidArgument, host.Open(dir!, bad, OpenMode.WriteOnly | OpenMode.Create, 0x1A4, out _));
                Assert.Equal(FsError.InvalidArgument, host.Remove(dir!, bad, directory: false));
            }
        }
        Assert.Equal(["secret"], Directory.GetFileSystemEntries(Path.Combine(f.Lower(0), "a")).Select(Path.GetFileName));
    }

    [Fact]
    public void Symlinks_are_never_resolved_through()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        var outside = Path.Combine(f.Root, "outside");
        f.File(outside, "target.txt", "outside");
        File.SetUnixFileMode(Path.Combine(outside, "target.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(Path.Combine(f.Lower(0), "dirlink"), outside);
        File.CreateSymbolicLink(Path.Combine(f.Lower(0), "filelink"), Path.Combine(outside, "target.txt"));
        using (var fs = f.Open())
        {
            Assert.Equal(FileKind.Symlink, fs.Stat("/dirlink").Kind);
            Assert.Equal(FsError.NotDirectory, fs.ResolvePath("/dirlink/target.txt", out _));
            Assert.Equal(FsError.NoDeviceOrAddress, fs.Open(fs.Id("/filelink"), OpenMode.WriteOnly, out _));
            Assert.NotEqual(FsError.None, fs.SetAttributes(fs.Id("/filelink"), new AttributeChanges { Mode = 0x1FF }, null, out _));
            Assert.Equal(FsError.None, fs.ReadLink(fs.Id("/filelink"), out var target));
            Assert.Equal(Path.Combine(outside, "target.txt"), target);
        }
        var host = new PortableHost();
        Assert.Equal(FsError.None, host.OpenRoot(f.Lower(0), out var root));
        using (root)
        {
            Assert.Equal(FsError.NotDirectory, host.OpenDirectory(root!, "dirlink", out _));
            Assert.Equal(FsError.SymlinkLoop, host.Open(root!, "filelink", OpenMode.ReadOnly, 0, out _));
        }
        Assert.Equal("outside", File.ReadAllText(Path.Combine(outside, "target.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(outside, "target.txt")));
    }

    [Fact]
    public void Directory_handles_and_inode_numbers_follow_renames()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "a/b/file", "x");
        var host = new PortableHost();
        Assert.Equal(FsError.None, host.OpenRoot(f.Lower(0), out var root));
        using (root)
        {
            Assert.Equal(FsError.None, host.OpenDirectory(root!, "a", out var a));
            using (a)
            {
                Assert.Equal(FsError.None, host.OpenDirectory(a!, "b", out var b));
                using (b)
                {
                    Assert.Equal(FsError.None, host.Stat(b!, "file", out var before));
                    Assert.Equal(FsError.None, host.Rename(root!, "a", root!, "renamed", RenameFlags.None));
                    Assert.Equal(FsError.None, host.Stat(b!, "file", out var after));
                    Assert.Equal(before.Inode, after.Inode);
                    Assert.Equal(Path.Combine(f.Lower(0), "renamed", "b"), b!.Path);
                    Assert.Equal(FsError.None, host.Stat(root!, "renamed", out var dir));
                    Assert.NotEqual(before.Inode, dir.Inode);
                }
            }
        }
    }

    [Fact]
    public void Exchange_swaps_two_entries_and_their_numbers()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "left/inside", "L");
        f.File(f.Lower(0), "right", "R");
        var host = new PortableHost();
        Assert.Equal(FsError.None, host.OpenRoot(f.Lower(0), out var root));
        using (root)
        {
            host.Stat(root!, "left", out var left);
            host.Stat(root!, "right", out var right);
            Assert.Equal(FsError.None, host.Rename(root!, "left", root!, "right", RenameFlags.Exchange));
            Assert.Equal(FsError.None, host.Stat(root!, "right", out var nowRight));
            Assert.Equal(FileKind.Directory, nowRight.Kind);
            Assert.Equal(left.Inode, nowRight.Inode);
            Assert.Equal(FsError.None, host.Stat(root!, "left", out var nowLeft));
            Assert.Equal(right.Inode, nowLeft.Inode);
        }
        Assert.Equal(["left", "right"], Directory.GetFileSystemEntries(f.Lower(0)).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("L", File.ReadAllText(Path.Combine(f.Lower(0), "right", "inside")));
    }

    [Fact]
    public void Renaming_a_directory_with_a_lower_part_needs_no_xattrs()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "src/file", "x");
        using (var fs = f.Open())
        {
            ulong ino = fs.Stat("/src").Inode;
            Assert.Equal(FsError.None, fs.Move("/src", "/dst"));
            Assert.Equal(["dst"], fs.List("/"));
            Assert.Equal("x", fs.Read("/dst/file"));
            Assert.Equal(ino, fs.Stat("/dst").Inode);  // a directory's number is its lower part's
            Assert.Equal(FsError.None, fs.Mkdir("/upperonly"));
            Assert.Equal(FsError.None, fs.Move("/upperonly", "/moved"));
            Assert.Equal(["dst", "moved"], fs.List("/"));
        }
        Assert.Equal("/src", File.ReadAllText(Path.Combine(f.Upper, "dst", ".wh..wh..redirect")));
        Assert.False(File.Exists(Path.Combine(f.Upper, "moved", ".wh..wh..redirect")));  // nothing below it to find
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(f.Work, "union-work")));
    }

    [Fact]
    public void A_copied_up_file_keeps_its_number_for_the_life_of_the_mount()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "a", "x");
        using var fs = f.Open();
        ulong ino = fs.Stat("/a").Inode;
        fs.Write("/a", "changed");          // copy-up; the node is forgotten afterwards
        Assert.Equal(FsError.None, fs.Move("/a", "/b"));
        Assert.Equal(ino, fs.Stat("/b").Inode);
        Assert.Equal("changed", File.ReadAllText(Path.Combine(f.Upper, "b")));
    }

    [Fact]
    public void Hard_links_devices_and_xattrs_are_refused()
    {
        using var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "a", "x");
        using var fs = f.Open();
        var (root, _) = fs.Split("/a");
        Assert.Equal(FsError.NotSupported, fs.Link(fs.Id("/a"), root, "b", out _, out _));
        Assert.Equal(FsError.NotSupported, fs.CreateNode(root, "fifo", (uint)FileKind.Fifo | 0x1A4, 0, new Caller(0, 0), out _, out _));
        Assert.Equal(FsError.NotSupported, fs.SetXattr(fs.Id("/a"), "user.x", "v"u8, 0));
        Assert.Equal(["a"], fs.List("/"));
    }
}
