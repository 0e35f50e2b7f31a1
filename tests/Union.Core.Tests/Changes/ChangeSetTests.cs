// The change-set reader on real layers: sessions driven through the engine in both whiteout formats, hand-made
// uppers (opaque markers, whiteouts over nothing, symlinks that must not be followed) and the content/metadata line.
namespace Union.Core.Tests.Changes;

using Union.Core.Changes;

public class ChangeSetTests
{
    private static string[] Summary(ChangeSet set) =>
        set.Changes.Select(c => $"{Change.KindName(c.Kind)} {Change.TypeName(c.Type)} {c.Path}" + (c.From is null ? "" : $" <- {c.From}")).ToArray();

    private static ChangeSet Read(LayerFixture f) =>
        ChangeSet.Read(f.Upper, Enumerable.Range(0, f.LowerCount).Select(f.Lower).ToList());

    [Theory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void A_session_through_the_engine_reads_back_as_its_changes(WhiteoutFormat format)
    {
        using var f = new LayerFixture(2);
        f.File(f.Lower(1), "keep.txt", "same");
        f.File(f.Lower(1), "edit.txt", "old");
        f.File(f.Lower(0), "chmod.txt", "x");
        f.File(f.Lower(0), "gone.txt", "bye");
        f.File(f.Lower(1), "tree/a", "a");
        f.File(f.Lower(1), "tree/sub/b", "b");
        f.File(f.Lower(0), "moved.txt", "m");
        f.File(f.Lower(1), "wiped/x", "x");
        using (var fs = f.Open(format))
        {
            fs.Write("/new.txt", "hello");
            fs.Write("/edit.txt", "new!");
            Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/chmod.txt"), new AttributeChanges { Mode = 0x180 }, null, out _));
            Assert.Equal(FsError.None, fs.Unlink("/gone.txt"));
            Assert.Equal(FsError.None, fs.Move("/tree", "/renamed"));
            Assert.Equal(FsError.None, fs.Move("/moved.txt", "/renamed/moved.txt"));
            Assert.Equal(FsError.None, fs.Unlink("/wiped/x"));
            Assert.Equal(FsError.None, fs.Rmdir("/wiped"));
            Assert.Equal(FsError.None, fs.Mkdir("/wiped"));
            fs.Write("/wiped/y", "y");
        }
        Assert.Equal(
        [
            "metadata file /chmod.txt",
            "modified file /edit.txt",
            "deleted file /gone.txt",
            "added file /new.txt",
            "renamed directory /renamed <- /tree",
            "renamed file /renamed/moved.txt <- /moved.txt",
            "deleted file /wiped/x",
            "added file /wiped/y",
        ], Summary(Read(f)));
    }

    [Fact]
    public void Same_content_with_a_new_time_is_metadata_and_an_untouched_copy_up_is_no_change()
    {
        using var f = new LayerFixture(1);
        var when = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var name in new[] { "same", "touched", "resized", "link-edit" })
        {
            f.File(f.Lower(0), name, "content");
            File.SetLastWriteTimeUtc(Path.Combine(f.Lower(0), name), when);
        }
        File.CreateSymbolicLink(Path.Combine(f.Lower(0), "link"), "same");
        f.File(f.Upper, "same", "content");
        File.SetLastWriteTimeUtc(Path.Combine(f.Upper, "same"), when);
        f.File(f.Upper, "touched", "content");
        f.File(f.Upper, "resized", "content+");
        f.File(f.Upper, "link-edit", "CONTENT");
        File.SetLastWriteTimeUtc(Path.Combine(f.Upper, "link-edit"), when);
        File.CreateSymbolicLink(Path.Combine(f.Upper, "link"), "touched");
        var set = Read(f);
        Assert.Equal(["modified symlink /link", "modified file /link-edit", "modified file /resized", "metadata file /touched"], Summary(set));
        Assert.Equal(8, set.Changes.Single(c => c.Path == "/resized").Size);
        Assert.Equal("modified file               8 /resized", set.ToString().Split('\n')[2]);
    }

    [Fact]
    public void Hand_made_markers_in_both_formats_count_as_a_mount_shows_them()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "dir/old1", "1");
        f.File(f.Lower(0), "dir/old2", "2");
        f.File(f.Lower(0), "oci-gone", "o");
        f.File(f.Lower(0), "char-gone", "c");
        f.File(f.Upper, "dir/.wh..wh..opq", "");
        f.File(f.Upper, "dir/fresh", "f");
        f.OciWhiteout(f.Upper, "oci-gone");
        f.CharWhiteout(f.Upper, "char-gone");
        f.OciWhiteout(f.Upper, "never-was");
        var set = Read(f);
        Assert.Equal(["deleted file /char-gone", "added file /dir/fresh", "deleted file /dir/old1", "deleted file /dir/old2",
            "deleted file /oci-gone"], Summary(set));
        Assert.Equal(set.Changes.Select(c => c.Path).Order(StringComparer.Ordinal), set.Changes.Select(c => c.Path));
    }

    [Fact]
    public void Symlinks_in_the_upper_are_never_followed()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "etc/passwd", "lower");
        Directory.CreateDirectory(Path.Combine(f.Root, "outside"));
        f.File(Path.Combine(f.Root, "outside"), "secret", "s");
        File.CreateSymbolicLink(Path.Combine(f.Upper, "etc"), Path.Combine(f.Root, "outside"));
        var set = Read(f);
        Assert.Equal(["modified symlink /etc"], Summary(set));
    }

    [Fact]
    public void Without_lowers_everything_is_added_and_whiteouts_are_deletions_of_unknown_type()
    {
        using var f = new LayerFixture(0);
        f.File(f.Upper, "d/file", "12345");
        f.OciWhiteout(f.Upper, "d/removed");
        var set = ChangeSet.Read(f.Upper, []);
        Assert.Equal(["added directory /d", "added file /d/file", "deleted unknown /d/removed"], Summary(set));
        Assert.Equal(5, set.Changes[1].Size);
    }

    [Fact]
    public void A_missing_upper_is_one_clear_error()
    {
        using var f = new LayerFixture(1);
        var e = Assert.Throws<FsException>(() => ChangeSet.Read(Path.Combine(f.Root, "nope"), [f.Lower(0)]));
        Assert.Contains("does not exist", e.Message);
    }
}
