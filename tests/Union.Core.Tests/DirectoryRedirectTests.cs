// Renaming directories that have lower content, on both hosts: the OCI format records the redirect in the
// `.wh..wh..redirect` file, so the portable host (no xattrs) renames them too. Checked in the view, on the upper's
// disk and after remounts; hostile redirects (either form) never take a lookup outside a layer.
namespace Union.Core.Tests;

public abstract class DirectoryRedirectTests : HostTests
{
    private const string Marker = ".wh..wh..redirect";

    private static string MarkerText(LayerFixture f, string dir) => File.ReadAllText(Path.Combine(f.Upper, dir, Marker));

    [Fact]
    public void A_renamed_lower_directory_keeps_its_content_through_renames_back_and_remounts()
    {
        using var f = Layers();
        f.File(f.Lower(0), "src/a.txt", "a");
        f.File(f.Lower(0), "src/sub/b.txt", "b");
        f.File(f.Lower(1), "src/deep.txt", "d");
        using (var fs = f.Open())
        {
            Assert.Equal(FsError.None, fs.Move("/src", "/dst"));
            Assert.False(fs.Exists("/src"));
            Assert.Equal(["a.txt", "deep.txt", "sub"], fs.List("/dst"));
            Assert.Equal("b", fs.Read("/dst/sub/b.txt"));
            Assert.Equal("/src", MarkerText(f, "dst"));
            Assert.True(File.Exists(Path.Combine(f.Upper, ".wh.src")));
            Assert.False(Directory.Exists(Path.Combine(f.Upper, "dst/sub")));  // copied up alone

            Assert.Equal(FsError.None, fs.Move("/dst", "/again"));
            Assert.Equal("d", fs.Read("/again/deep.txt"));
            Assert.Equal(["again"], fs.List("/"));
        }
        using (var fs = f.Open())
        {
            Assert.Equal(["again"], fs.List("/"));
            Assert.Equal(["a.txt", "deep.txt", "sub"], fs.List("/again"));
            Assert.Equal(FsError.None, fs.Move("/again", "/src"));  // back where it came from
            Assert.Equal(["src"], fs.List("/"));
            Assert.Equal("a", fs.Read("/src/a.txt"));
        }
        using (var fs = f.Open())
        {
            Assert.Equal(["src"], fs.List("/"));
            Assert.Equal(["a.txt", "deep.txt", "sub"], fs.List("/src"));
            Assert.Equal("b", fs.Read("/src/sub/b.txt"));
        }
        Assert.Equal(["a.txt", "sub"], Directory.GetFileSystemEntries(Path.Combine(f.Lower(0), "src")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Nested_renamed_directories_each_find_their_lower_part()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "a/x", "x");
        f.File(f.Lower(0), "a/b/c/file", "f");
        using (var fs = f.Open())
        {
            Assert.Equal(FsError.None, fs.Move("/a/b", "/a/b2"));
            Assert.Equal(FsError.None, fs.Move("/a", "/z"));
            Assert.Equal("f", fs.Read("/z/b2/c/file"));
            Assert.Equal(["b2", "x"], fs.List("/z"));
            Assert.Equal("/a/b", MarkerText(f, "z/b2"));
        }
        using (var fs = f.Open())
        {
            Assert.Equal(["z"], fs.List("/"));
            Assert.Equal("f", fs.Read("/z/b2/c/file"));
            // Out from under two renamed parents: its own redirect names where it lies in the lower.
            Assert.Equal(FsError.None, fs.Move("/z/b2/c", "/c2"));
            Assert.Equal("f", fs.Read("/c2/file"));
            Assert.Empty(fs.List("/z/b2"));
        }
        using (var fs = f.Open())
        {
            Assert.Equal(["c2", "z"], fs.List("/"));
            Assert.Equal(["file"], fs.List("/c2"));
            Assert.Empty(fs.List("/z/b2"));
            Assert.Equal("/a/b/c", MarkerText(f, "c2"));
        }
    }

    [Fact]
    public void The_marker_never_shows_and_its_name_cannot_be_used()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "src/a", "a");
        using var fs = f.Open();
        Assert.Equal(FsError.None, fs.Move("/src", "/dst"));
        var dst = fs.Id("/dst");
        Assert.Equal(["a"], fs.List("/dst"));
        Assert.Equal(FsError.NotFound, fs.Lookup(dst, Marker, out _, out _));
        Assert.Equal(FsError.InvalidArgument, fs.CreateFile(dst, Marker, OpenMode.ReadWrite, 0x1A4, new Caller(0, 0), out _, out _, out _));
        Assert.Equal(FsError.InvalidArgument, fs.Mkdir("/dst/" + Marker));
        Assert.Equal(FsError.InvalidArgument, fs.Move("/dst/a", "/dst/" + Marker));
        Assert.Equal(FsError.NotEmpty, fs.Rmdir("/dst"));
        Assert.Equal(FsError.None, fs.Unlink("/dst/a"));
        Assert.Equal(FsError.None, fs.Rmdir("/dst"));  // merged-empty: the marker goes with it
        Assert.Equal(["a"], Directory.GetFileSystemEntries(Path.Combine(f.Lower(0), "src")).Select(Path.GetFileName));
        Assert.Empty(fs.List("/"));
    }

    [Fact]
    public void Case_insensitive_unions_rename_lower_folders_in_any_spelling()
    {
        using var f = Layers();
        f.File(f.Lower(0), "Docs/Readme.TXT", "r");
        f.File(f.Lower(1), "docs/Guide/Intro.md", "i");
        using (var fs = f.Open(caseInsensitive: true))
        {
            Assert.Equal(FsError.None, fs.Move("/DOCS", "/Notes"));
            Assert.Equal(["Notes"], fs.List("/"));
            Assert.Equal("r", fs.Read("/notes/README.txt"));
            Assert.Equal("i", fs.Read("/NOTES/guide/intro.MD"));
            Assert.Equal(FsError.NotFound, fs.Lookup(fs.Id("/notes"), ".WH..WH..REDIRECT", out _, out _));
            Assert.Equal(FsError.InvalidArgument, fs.Mkdir("/notes/.Wh..wh..redirect"));
        }
        using (var fs = f.Open(caseInsensitive: true))
        {
            Assert.Equal(["Guide", "Readme.TXT"], fs.List("/NOTES"));
            Assert.Equal(FsError.None, fs.Move("/notes", "/docs"));
            Assert.Equal(["docs"], fs.List("/"));
            Assert.Equal("i", fs.Read("/Docs/guide/Intro.md"));
        }
    }

    /// <summary>Contents that would leave a layer, or are no path at all: the directory then shows its upper part only.</summary>
    public static TheoryData<string> HostileRedirects => new()
    {
        "../outside", "/../outside", "/../../outside", "/d/../../outside", "/./outside", "a/b", "..", "", "/", "x\0y",
        "/.wh..wh..opq", "/" + new string('n', 4096),
    };

    [Theory]
    [MemberData(nameof(HostileRedirects))]
    public void A_hostile_marker_never_reads_outside_a_layer(string redirect)
    {
        using var f = Layers(1);
        f.File(Path.Combine(f.Root, "outside"), "secret.txt", "secret");
        f.File(Path.Combine(f.Lower(0), "outside"), "lower.txt", "not to be merged");
        f.File(f.Lower(0), "d/below.txt", "hidden by the bad redirect");
        f.File(f.Upper, "d/mine.txt", "mine");
        f.File(f.Upper, "d/" + Marker, redirect);
        AssertConfined(f);
    }

    [SkippableTheory]
    [InlineData("/../outside")]
    [InlineData("../../outside")]
    [InlineData("/d/../../outside")]
    [InlineData("a/b")]
    public void A_hostile_redirect_xattr_never_reads_outside_a_layer(string redirect)
    {
        Skip.If(Portable, NoXattrs);
        using var f = Layers(1);
        f.File(Path.Combine(f.Root, "outside"), "secret.txt", "secret");
        f.File(f.Lower(0), "d/below.txt", "hidden by the bad redirect");
        f.File(f.Upper, "d/mine.txt", "mine");
        LayerFixture.Run("setfattr", "-n", "trusted.overlay.redirect", "-v", redirect, Path.Combine(f.Upper, "d"));
        AssertConfined(f);
    }

    private static void AssertConfined(LayerFixture f)
    {
        using var fs = f.Open();
        Assert.Equal(["mine.txt"], fs.List("/d"));
        Assert.False(fs.Exists("/d/secret.txt"));
        Assert.Equal("mine", fs.Read("/d/mine.txt"));
        Assert.Equal(FsError.None, fs.Move("/d", "/e"));   // it moves as it shows, and the lower d stays hidden
        Assert.False(fs.Exists("/d"));
        Assert.Equal(["mine.txt"], fs.List("/e"));
    }
}

public sealed class DirectoryRedirectTestsOnLinuxHost : DirectoryRedirectTests
{
    protected override HostKind Host => HostKind.Linux;
}

public sealed class DirectoryRedirectTestsOnPortableHost : DirectoryRedirectTests
{
    protected override HostKind Host => HostKind.Portable;
}
