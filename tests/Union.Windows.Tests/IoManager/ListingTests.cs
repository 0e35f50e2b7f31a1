// Directory listings and names: DOS wildcards on the merged view, names Windows cannot spell (mapped into the
// Private Use Area and back), and Linux symlinks shown as plain files holding their target.
using System.Text;
using Union.Windows.Dokan;
using static Union.Windows.Tests.IoManager.IoManager;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed class ListingTests
{
    [Theory]
    [InlineData("*", "a.txt b.TXT c.md dir noext x.tar.gz")]
    [InlineData("*.*", "a.txt b.TXT c.md dir noext x.tar.gz")]
    [InlineData("*.txt", "a.txt")]
    [InlineData("?.md", "c.md")]
    [InlineData("*.gz", "x.tar.gz")]
    [InlineData("noext", "noext")]
    [InlineData("*.", "dir noext")]
    [InlineData("a*", "a.txt")]
    public void Wildcards_filter_the_merged_listing(string pattern, string expected)
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "a.txt");
            File(l.Lower1, "b.TXT");
            File(l.Lower1, "c.md");
            File(l.Lower0, "noext");
            File(l.Lower1, "x.tar.gz");
            File(l.Lower1, "hidden.txt");
            File(l.Lower0, ".wh.hidden.txt");
            Dir(l.Lower1, "dir");
        });

        var error = v.Io.FindFiles(@"\" + pattern, out var entries);

        Assert.Equal(Win32Error.Success, error);
        Assert.Equal(expected.Split(' '), entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Listing_reports_sizes_and_kinds_and_no_markers()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower1, "d/big", new string('x', 5000));
            File(l.Lower0, "d/.wh..wh..opq");
            File(l.Lower0, "d/top", "12");
            Dir(l.Lower0, "d/sub");
        });

        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\d\*", out var entries));

        Assert.Equal(
            [(".", FileAttributes.Directory, 0L), ("..", FileAttributes.Directory, 0L), ("sub", FileAttributes.Directory, 0L), ("top", FileAttributes.Archive, 2L)],
            entries.Select(e => (e.Name, e.Attributes, e.Size)).OrderBy(e => e.Name, StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Linux_only_names_are_shown_in_the_private_use_area_and_work_both_ways()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "a:b", "colon");
            File(l.Lower0, "what?", "question");
            File(l.Lower0, "trail.", "dot");
            File(l.Lower0, "back\\slash", "bs");
        });
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.FindFiles(@"\*", out var entries));
        Assert.Equal(["a\uF03Ab", "back\uF05Cslash", "trail\uF02E", "what\uF03F"], entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());

        Assert.Equal(Win32Error.Success, io.ReadAllText("\\a\uF03Ab", out var colon));
        Assert.Equal("colon", colon);
        Assert.Equal(Win32Error.Success, io.DeleteFile("\\what\uF03F"));
        Assert.Equal(Win32Error.Success, io.MoveFileEx("\\trail\uF02E", @"\trail", replaceExisting: false));
        Assert.Equal(Win32Error.Success, io.WriteAllBytes("\\new\uF03Cone\uF03E", Bytes("made")));

        Assert.Equal([".wh.trail.", ".wh.what?", "new<one>", "trail"], v.UpperTree());
        Assert.Equal("dot", v.UpperText("trail"));
    }

    [Fact]
    public void Names_Windows_never_sends_are_refused()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "f", "x"));

        Assert.Equal(Win32Error.InvalidName, v.Io.GetFileAttributes(@"\f:stream", out _));
        Assert.Equal(Win32Error.InvalidName, v.Io.GetFileAttributes(@"\..\f", out _));
        Assert.Equal(Win32Error.InvalidName, v.Io.WriteAllBytes(@"\a*b", Bytes("x")));
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void Symlinks_are_plain_files_holding_their_target()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "real/file.txt", "real");
            System.IO.File.CreateSymbolicLink(Path.Combine(l.Lower0, "link"), "real/file.txt");
        });
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.FindFiles(@"\link", out var entries));
        Assert.Equal(new FindEntry("link", FileAttributes.Archive, "real/file.txt".Length), Assert.Single(entries));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\link", out var text));
        Assert.Equal("real/file.txt", text);
        Assert.Equal(Win32Error.AccessDenied, io.CreateFile(@"\link", GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out _));
        Assert.Equal(Win32Error.AccessDenied, io.WriteAllBytes(@"\link", Encoding.UTF8.GetBytes("x")));

        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\link"));
        Assert.Equal([".wh.link"], v.UpperTree());
    }
}
