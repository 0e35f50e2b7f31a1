// The offline tools on an upper whose renamed directory carries its redirect as a `.wh..wh..redirect` file (as the
// portable host writes it): diff, commit, export (and import back), convert both ways, and check.
namespace Union.Core.Tests.Changes;

using System.Formats.Tar;
using System.Text;
using Union.Core.Archive;
using Union.Core.Changes;
using Union.Core.Commit;
using Union.Core.Host.Linux;
using Union.Core.Layers;
using Union.Core.Whiteouts;

public class RedirectMarkerToolTests
{
    private const string Marker = ".wh..wh..redirect";

    /// <summary>lower: keep.txt and tree/sub/f0..f4; the portable host renames tree and writes into it.</summary>
    private static LayerFixture Session()
    {
        var f = new LayerFixture(1, HostKind.Portable);
        f.File(f.Lower(0), "keep.txt", "k");
        for (int i = 0; i < 5; i++) f.File(f.Lower(0), $"tree/sub/f{i}", $"{i}");
        using var fs = f.Open();
        Assert.Equal(FsError.None, fs.Move("/tree", "/renamed"));
        fs.Write("/renamed/new.txt", "n");
        Assert.Equal("/tree", File.ReadAllText(Path.Combine(f.Upper, "renamed", Marker)));
        return f;
    }

    private static readonly string[] View =
        ["keep.txt=k", "renamed/", "renamed/new.txt=n", "renamed/sub/", .. Enumerable.Range(0, 5).Select(i => $"renamed/sub/f{i}={i}")];

    /// <summary>Every entry of a merged view as "path/" or "path=content", sorted.</summary>
    private static string[] Tree(UnionFileSystem fs)
    {
        var into = new List<string>();
        void Walk(string dir)
        {
            foreach (var name in fs.List(dir))
            {
                string path = dir == "/" ? "/" + name : dir + "/" + name;
                if (fs.Stat(path).IsDirectory) { into.Add(path[1..] + "/"); Walk(path); }
                else into.Add(path[1..] + "=" + fs.Read(path));
            }
        }
        Walk("/");
        return into.Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] Tree(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p) + (Directory.Exists(p) ? "/" : "=" + File.ReadAllText(p)))
            .Order(StringComparer.Ordinal).ToArray();

    private static UnionFileSystem Union(string upper, string lower, WhiteoutFormat format = WhiteoutFormat.Oci) =>
        UnionFileSystem.Open(new UnionOptions { Lowers = [upper, lower] }, format == WhiteoutFormat.Oci ? new Host.Portable.PortableHost() : new LinuxHost());

    [Fact]
    public void Diff_reads_the_marker_as_one_renamed_directory()
    {
        using var f = Session();
        var changes = ChangeSet.Read(f.Upper, [f.Lower(0)]);
        Assert.Equal(
            ["renamed directory /renamed <- /tree", "added file /renamed/new.txt"],
            changes.Changes.Select(c => $"{Change.KindName(c.Kind)} {Change.TypeName(c.Type)} {c.Path}" + (c.From is null ? "" : $" <- {c.From}")));
    }

    [Fact]
    public void Commit_moves_the_directory_and_writes_no_marker()
    {
        using var f = Session();
        var target = Path.Combine(f.Root, "target");
        LayerFixture.Run("cp", "-a", f.Lower(0), target);
        var steps = new List<string>();
        LayerChanges.Commit(f.Upper, target, report: steps.Add);
        Assert.Contains("move /tree -> /renamed", steps);
        Assert.Equal(View, Tree(target));
        LayerChanges.Commit(f.Upper, target);  // idempotent
        Assert.Equal(View, Tree(target));
    }

    [Fact]
    public void Export_writes_the_renamed_directory_opaque_with_its_content_and_imports_back_to_the_same_view()
    {
        using var f = Session();
        var tar = new MemoryStream();
        LayerArchive.Export(f.Upper, [f.Lower(0)], tar);
        var names = new List<string>();
        tar.Position = 0;
        using (var reader = new TarReader(tar, leaveOpen: true))
            while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        Assert.Contains(".wh.tree", names);
        Assert.Contains("renamed/.wh..wh..opq", names);
        Assert.Contains("renamed/sub/f3", names);
        Assert.Contains("renamed/new.txt", names);
        Assert.DoesNotContain(names, n => n.Contains("redirect", StringComparison.Ordinal));

        var imported = Path.Combine(f.Root, "imported");
        LayerArchive.Import(() => new MemoryStream(tar.ToArray()), imported, WhiteoutFormat.Oci);
        using var fs = Union(imported, f.Lower(0));
        Assert.Equal(View, Tree(fs));
    }

    [Fact]
    public void Convert_turns_the_marker_into_the_kernels_xattr_and_back()
    {
        using var f = Session();
        var host = new LinuxHost();
        string? RedirectXattr()
        {
            Assert.Equal(FsError.None, host.OpenRoot(Path.Combine(f.Upper, "renamed"), out var dir));
            using (dir)
            {
                var value = new byte[256];
                return host.GetXattr(dir!, null, "trusted.overlay.redirect", value, out int n) == FsError.None
                    ? Encoding.UTF8.GetString(value, 0, n) : null;
            }
        }

        Assert.Equal(2, FormatConversion.Convert(f.Upper, WhiteoutFormat.Overlay));  // the whiteout of tree, the redirect
        Assert.False(File.Exists(Path.Combine(f.Upper, "renamed", Marker)));
        Assert.Equal("/tree", RedirectXattr());
        using (var fs = Union(f.Upper, f.Lower(0), WhiteoutFormat.Overlay)) Assert.Equal(View, Tree(fs));

        Assert.Equal(2, FormatConversion.Convert(f.Upper, WhiteoutFormat.Oci));
        Assert.Null(RedirectXattr());
        Assert.Equal("/tree", File.ReadAllText(Path.Combine(f.Upper, "renamed", Marker)));
        using (var fs = Union(f.Upper, f.Lower(0))) Assert.Equal(View, Tree(fs));
        Assert.Equal(0, FormatConversion.Convert(f.Upper, WhiteoutFormat.Oci));
    }

    [Fact]
    public void Check_keeps_a_good_marker_and_reports_bad_ones_without_touching_them()
    {
        using var f = Session();
        Assert.Empty(LayerCheck.Run(f.Upper, [f.Lower(0)], f.Work, repair: true));
        Assert.True(File.Exists(Path.Combine(f.Upper, "renamed", Marker)));

        f.File(f.Upper, "bad/" + Marker, "/../outside");
        f.File(f.Upper, "bad/.wh.ghost");  // under a redirect that cannot be told: not judged
        f.File(f.Upper, "nowhere/" + Marker, "/missing");
        foreach (bool repair in new[] { false, true })
        {
            Assert.Equal(["bad-redirect /bad", "bad-redirect /nowhere"],
                LayerCheck.Run(f.Upper, [f.Lower(0)], f.Work, repair).Select(p => p.ToString()).Order(StringComparer.Ordinal));
        }
        Assert.Equal("/../outside", File.ReadAllText(Path.Combine(f.Upper, "bad", Marker)));
        Assert.True(File.Exists(Path.Combine(f.Upper, "bad/.wh.ghost")));
        Assert.True(File.Exists(Path.Combine(f.Upper, "nowhere", Marker)));
    }

    [Fact]
    public void An_oci_upper_with_an_xattr_redirect_is_mixed_and_repair_moves_the_redirect_into_the_marker()
    {
        // What an OCI-format upper renamed on Linux before the marker existed looks like.
        using var f = new LayerFixture(1);
        for (int i = 0; i < 5; i++) f.File(f.Lower(0), $"tree/sub/f{i}", $"{i}");
        f.File(f.Lower(0), "keep.txt", "k");
        f.File(f.Upper, ".wh.tree");
        f.File(f.Upper, "renamed/new.txt", "n");
        LayerFixture.Run("setfattr", "-n", "trusted.overlay.redirect", "-v", "/tree", Path.Combine(f.Upper, "renamed"));

        Assert.Equal(["mixed-formats /renamed/"], LayerCheck.Run(f.Upper, [f.Lower(0)], null, repair: false).Select(p => p.ToString()));
        Assert.Equal(["mixed-formats /renamed/ (repaired)"], LayerCheck.Run(f.Upper, [f.Lower(0)], null, repair: true).Select(p => p.ToString()));
        Assert.Equal("/tree", File.ReadAllText(Path.Combine(f.Upper, "renamed", Marker)));
        Assert.Empty(LayerCheck.Run(f.Upper, [f.Lower(0)], null, repair: false));
        using var fs = Union(f.Upper, f.Lower(0));
        Assert.Equal(View, Tree(fs));
    }
}
