// Lookup and merged readdir across layers, in both whiteout formats.
namespace Union.Core.Tests;

public abstract class MergeTests : HostTests
{
    [Fact]
    public void Topmost_layer_wins_and_directories_merge()
    {
        using var f = Layers();
        f.File(f.Lower(1), "a.txt", "bottom");
        f.File(f.Lower(0), "a.txt", "top");
        f.File(f.Lower(1), "d/x", "x");
        f.File(f.Lower(0), "d/y", "y");
        using var fs = f.Open();
        Assert.Equal("top", fs.Read("/a.txt"));
        Assert.Equal(["x", "y"], fs.List("/d"));
        Assert.Equal(["a.txt", "d"], fs.List("/"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Whiteout_hides_name_in_layers_below_in_either_format(bool charDevice)
    {
        Skip.If(charDevice && Portable, NoDevices);
        using var f = Layers();
        f.File(f.Lower(1), "gone", "x");
        f.File(f.Lower(1), "kept", "x");
        if (charDevice) f.CharWhiteout(f.Lower(0), "gone"); else f.OciWhiteout(f.Lower(0), "gone");
        using var fs = f.Open();
        Assert.False(fs.Exists("/gone"));
        Assert.Equal(["kept"], fs.List("/"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Opaque_directory_hides_everything_below_in_either_format(bool xattr)
    {
        Skip.If(xattr && Portable, NoXattrs);
        using var f = Layers(3);
        f.File(f.Lower(2), "d/hidden", "x");
        f.File(f.Lower(1), "d/shown", "x");
        if (xattr) LayerFixture.Run("setfattr", "-n", "user.overlay.opaque", "-v", "y", Path.Combine(f.Lower(1), "d"));
        else f.File(f.Lower(1), "d/.wh..wh..opq");
        using var fs = f.Open();
        Assert.Equal(["shown"], fs.List("/d"));
    }

    [Fact]
    public void File_over_directory_hides_the_directory()
    {
        using var f = Layers();
        f.File(f.Lower(1), "thing/inside", "x");
        f.File(f.Lower(0), "thing", "file");
        using var fs = f.Open();
        Assert.Equal(FileKind.Regular, fs.Stat("/thing").Kind);
        Assert.Equal(FsError.NotDirectory, fs.ResolvePath("/thing/inside", out _));
    }

    [Fact]
    public void Readdir_never_shows_markers_and_lists_each_name_once()
    {
        using var f = Layers();
        f.File(f.Lower(0), "d/a");
        f.File(f.Lower(1), "d/a");
        f.File(f.Lower(1), "d/b");
        f.OciWhiteout(f.Lower(0), "d/b");
        f.File(f.Lower(0), "d/.wh..wh..opq.not");
        using var fs = f.Open();
        Assert.Equal(["a"], fs.List("/d"));
    }

    [Fact]
    public void Names_that_could_escape_are_rejected()
    {
        using var f = Layers();
        using var fs = f.Open();
        foreach (var bad in new[] { "..", ".", "a/b", "x\0y", "" })
            Assert.NotEqual(FsError.None, fs.Lookup(UnionFileSystem.RootId, bad, out _, out _));
        Assert.Equal(FsError.NameTooLong, fs.Lookup(UnionFileSystem.RootId, new string('n', 256), out _, out _));
    }
}

public sealed class MergeTestsOnLinuxHost : MergeTests
{
    protected override HostKind Host => HostKind.Linux;
}

public sealed class MergeTestsOnPortableHost : MergeTests
{
    protected override HostKind Host => HostKind.Portable;
}
