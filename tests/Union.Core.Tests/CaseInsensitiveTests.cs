// Case-insensitive unions (UnionOptions.CaseInsensitive): names fold across layers, the top spelling is the one shown,
// a whiteout of any variant hides them all, and changes reuse the spelling that stands. Checked in the view, on the
// upper's disk, and again after a remount, in both whiteout formats.
namespace Union.Core.Tests;

using Union.Core.Host.Linux;

public abstract class CaseInsensitiveTests : HostTests
{
    private static string NameOf(UnionFileSystem fs, string path)
    {
        Assert.Equal(FsError.None, fs.GetName(fs.Id(path), out var name));
        return name;
    }

    private static string[] UpperNames(LayerFixture f, string dir = "") =>
        Directory.GetFileSystemEntries(Path.Combine(f.Upper, dir)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    [Fact]
    public void Lookup_folds_case_and_the_top_layers_spelling_wins()
    {
        using var f = Layers();
        f.File(f.Lower(1), "foo", "bottom");
        f.File(f.Lower(0), "FOO", "top");
        using var fs = f.Open(caseInsensitive: true);
        Assert.Equal("top", fs.Read("/Foo"));
        Assert.Equal("FOO", NameOf(fs, "/foo"));
        Assert.Equal(["FOO"], fs.List("/"));
        Assert.Equal(fs.Stat("/foo").Inode, fs.Stat("/fOO").Inode);
    }

    [Fact]
    public void Directories_merge_across_case_variants()
    {
        using var f = Layers(3);
        f.File(f.Lower(0), "Dir/a", "a");
        f.File(f.Lower(1), "dir/b", "b");
        f.File(f.Lower(2), "DIR/Sub/c", "c");
        f.File(f.Lower(1), "dir/sub/d", "d");
        using var fs = f.Open(caseInsensitive: true);
        Assert.Equal(["Dir"], fs.List("/"));
        Assert.Equal(["a", "b", "sub"], fs.List("/DIR"));
        Assert.Equal(["c", "d"], fs.List("/dir/SUB"));
        Assert.Equal("c", fs.Read("/DIR/SUB/C"));
    }

    [Fact]
    public void Case_sensitive_mode_keeps_variants_apart()
    {
        using var f = Layers();
        f.File(f.Lower(0), "foo", "top");
        f.File(f.Lower(1), "FOO", "bottom");
        using var fs = f.Open();
        Assert.Equal(["FOO", "foo"], fs.List("/"));
        Assert.Equal("bottom", fs.Read("/FOO"));
        Assert.False(fs.Exists("/Foo"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_whiteout_of_one_variant_hides_every_variant_below(bool charDevice)
    {
        Skip.If(charDevice && Portable, NoDevices);
        using var f = Layers(3);
        f.File(f.Lower(1), "foo", "x");
        f.File(f.Lower(2), "FOO", "x");
        f.File(f.Lower(2), "d/inside", "x");
        f.File(f.Lower(2), "kept", "x");
        if (charDevice) { f.CharWhiteout(f.Lower(0), "Foo"); f.CharWhiteout(f.Lower(0), "D"); }
        else { f.OciWhiteout(f.Lower(0), "Foo"); f.OciWhiteout(f.Lower(0), "D"); }
        using var fs = f.Open(caseInsensitive: true);
        Assert.False(fs.Exists("/foo"));
        Assert.False(fs.Exists("/FOO"));
        Assert.False(fs.Exists("/d"));
        Assert.Equal(["kept"], fs.List("/"));
    }

    [Fact]
    public void Readdir_lists_each_folded_name_once_with_the_top_spelling()
    {
        using var f = Layers(3);
        f.File(f.Lower(0), "Alpha");
        f.File(f.Lower(1), "ALPHA");
        f.File(f.Lower(2), "alpha");
        f.File(f.Lower(1), "beta");
        f.File(f.Lower(2), "BETA");
        f.Dir(f.Lower(2), "Gamma");
        using var fs = f.Open(caseInsensitive: true);
        Assert.Equal(["Alpha", "Gamma", "beta"], fs.List("/"));
    }

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Within_one_layer_the_ordinal_first_variant_stands_and_hides_the_others(bool charDevice)
    {
        Skip.If(charDevice && Portable, NoDevices);
        using var f = Layers();
        // "FOO" < "Foo" < "foo" in ordinal order.
        f.File(f.Lower(0), "foo", "lower case");
        f.File(f.Lower(0), "FOO", "upper case");
        f.File(f.Lower(0), "Foo", "title case");
        f.File(f.Lower(1), "bar", "below");
        f.File(f.Lower(0), "bar", "shown");
        if (charDevice) f.CharWhiteout(f.Lower(0), "BAR"); else f.OciWhiteout(f.Lower(0), "BAR");
        using var fs = f.Open(caseInsensitive: true);
        Assert.Equal("upper case", fs.Read("/foo"));
        Assert.Equal("FOO", NameOf(fs, "/foo"));
        if (charDevice)
        {
            // The whiteout device "BAR" is ordinal-first: it stands, so the name is whited out.
            Assert.False(fs.Exists("/bar"));
            Assert.Equal(["FOO"], fs.List("/"));
        }
        else
        {
            // An OCI whiteout beside an entry of its own layer hides only the layers below (same-layer rule).
            Assert.Equal("shown", fs.Read("/BAR"));
            Assert.Equal(["FOO", "bar"], fs.List("/"));
        }
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Creating_a_variant_of_a_lower_file_reuses_that_entry(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "foo", "old");
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            var root = UnionFileSystem.RootId;
            Assert.Equal(FsError.Exists, fs.CreateFile(root, "Foo", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0), out _, out _, out _));
            Assert.Equal(FsError.Exists, fs.CreateDirectory(root, "FOO", 0x1ED, new Caller(0, 0), out _, out _));
            fs.Write("/Foo", "new");  // open O_TRUNC of the entry that stands
            Assert.Equal("new", fs.Read("/foo"));
            Assert.Equal(["foo"], fs.List("/"));
        }
        Assert.Equal(["foo"], UpperNames(f));
        Assert.Equal("new", File.ReadAllText(Path.Combine(f.Upper, "foo")));
        Assert.Equal("old", File.ReadAllText(Path.Combine(f.Lower(0), "foo")));
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Removing_a_variant_removes_the_entry_and_its_whiteout_hides_every_variant(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers();
        f.File(f.Lower(0), "foo", "x");
        f.File(f.Lower(1), "FOO", "x");
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            Assert.Equal(FsError.None, fs.Unlink("/FoO"));
            Assert.False(fs.Exists("/foo"));
            Assert.Empty(fs.List("/"));
            Assert.Equal(FsError.NotFound, fs.Unlink("/foo"));
        }
        Assert.Equal([format == WhiteoutFormat.Oci ? ".wh.foo" : "foo"], UpperNames(f));
        using (var again = f.Open(format, caseInsensitive: true))
        {
            Assert.False(again.Exists("/FOO"));
            Assert.Empty(again.List("/"));
        }
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Mkdir_of_a_variant_where_the_name_is_whited_out_makes_an_opaque_directory(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "foo/inside", "x");
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            Assert.Equal(FsError.None, fs.Unlink("/FOO/inside"));
            Assert.Equal(FsError.None, fs.Rmdir("/FOO"));
            Assert.Equal(FsError.None, fs.Mkdir("/Foo"));
            Assert.Empty(fs.List("/foo"));
            Assert.Equal(["Foo"], fs.List("/"));
            Assert.Equal("Foo", NameOf(fs, "/FOO"));
        }
        Assert.Equal(["Foo"], UpperNames(f));
        if (format == WhiteoutFormat.Oci) Assert.Equal([".wh..wh..opq"], UpperNames(f, "Foo"));
        else
        {
            Assert.Empty(UpperNames(f, "Foo"));
            var host = new LinuxHost();
            Assert.Equal(FsError.None, host.OpenRoot(Path.Combine(f.Upper, "Foo"), out var dir));
            using (dir) Assert.Equal(FsError.None, host.GetXattr(dir!, null, "trusted.overlay.opaque", new byte[8], out _));
        }
        using (var again = f.Open(format, caseInsensitive: true))
        {
            Assert.Equal(["Foo"], again.List("/"));
            Assert.Empty(again.List("/FOO"));
        }
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Create_after_removing_takes_the_callers_spelling(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "foo", "old");
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            Assert.Equal(FsError.None, fs.Unlink("/foo"));
            fs.Write("/FOO", "new");
            Assert.Equal(["FOO"], fs.List("/"));
            Assert.Equal("new", fs.Read("/foo"));
        }
        Assert.Equal(["FOO"], UpperNames(f));
        using var again = f.Open(format, caseInsensitive: true);
        Assert.Equal("new", again.Read("/Foo"));
        Assert.Equal(["FOO"], again.List("/"));
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void A_case_only_rename_changes_the_spelling_of_the_same_entry(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "foo", "data");
        f.File(f.Lower(0), "dir/x", "x");
        ulong ino;
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            ino = fs.Stat("/foo").Inode;
            Assert.Equal(FsError.Exists, fs.Move("/foo", "/Foo", RenameFlags.NoReplace));
            Assert.Equal(FsError.None, fs.Move("/foo", "/Foo"));
            Assert.Equal(FsError.None, fs.Move("/DIR", "/Dir"));
            Assert.Equal(["Dir", "Foo"], fs.List("/"));
            Assert.Equal("data", fs.Read("/FOO"));
            Assert.Equal(["x"], fs.List("/dir"));
            Assert.Equal(ino, fs.Stat("/foo").Inode);
            Assert.Equal(FsError.None, fs.Move("/Foo", "/Foo"));  // same spelling: nothing happens
        }
        Assert.Equal(["Dir", "Foo"], UpperNames(f));
        using var again = f.Open(format, caseInsensitive: true);
        Assert.Equal(["Dir", "Foo"], again.List("/"));
        Assert.Equal(["x"], again.List("/DIR"));
        Assert.Equal("data", again.Read("/foo"));
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Rename_over_a_case_variant_replaces_it_and_takes_the_callers_spelling(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "a", "A");
        f.File(f.Lower(0), "b", "B");
        f.File(f.Lower(0), "foo", "lower foo");
        using (var fs = f.Open(format, caseInsensitive: true))
        {
            fs.Write("/bar", "upper bar");
            Assert.Equal(FsError.None, fs.Move("/a", "/FOO"));   // over a lower variant
            Assert.Equal(FsError.None, fs.Move("/B", "/BAR"));   // over an upper variant
            Assert.Equal(["BAR", "FOO"], fs.List("/"));
            Assert.Equal("A", fs.Read("/foo"));
            Assert.Equal("B", fs.Read("/bar"));
        }
        Assert.Equal(format == WhiteoutFormat.Oci ? [".wh.a", ".wh.b", "BAR", "FOO"] : ["BAR", "FOO", "a", "b"], UpperNames(f));
        using var again = f.Open(format, caseInsensitive: true);
        Assert.Equal(["BAR", "FOO"], again.List("/"));
        Assert.Equal("A", again.Read("/Foo"));
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Exchange_keeps_the_spellings_that_stand(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "left", "L");
        f.File(f.Lower(0), "Right", "R");
        using var fs = f.Open(format, caseInsensitive: true);
        Assert.Equal(FsError.None, fs.Move("/LEFT", "/right", RenameFlags.Exchange));
        Assert.Equal(["Right", "left"], fs.List("/"));
        Assert.Equal("R", fs.Read("/left"));
        Assert.Equal("L", fs.Read("/RIGHT"));
    }

    [Fact]
    public void Names_that_fold_to_a_whiteout_prefix_cannot_be_created()
    {
        using var f = Layers(1);
        using var fs = f.Open(caseInsensitive: true);
        Assert.Equal(FsError.InvalidArgument, fs.Mkdir("/.WH.x"));
        Assert.Equal(FsError.InvalidArgument, fs.Mkdir("/.wh.x"));
        Assert.Empty(UpperNames(f));
    }
}

public sealed class CaseInsensitiveTestsOnLinuxHost : CaseInsensitiveTests
{
    protected override HostKind Host => HostKind.Linux;
}

public sealed class CaseInsensitiveTestsOnPortableHost : CaseInsensitiveTests
{
    protected override HostKind Host => HostKind.Portable;
}
