// `union export` / `union import` end to end: OCI spelling in the tar, the round trip export -> import -> mount
// giving the same view in both whiteout formats (and through kernel overlayfs), and archives that try to escape.
namespace Union.Cli.Tests;

using System.Formats.Tar;

[Collection("mounts")]
public class ArchiveCommandTests
{
    private const string Script = """
        set -e
        echo more >> a; rm b; mkdir -p dir/new; echo z > dir/new/z; rm dir/y; ln -s a link; chmod 600 a
        rm -r gone; mkdir gone; echo again > gone/again; mv tree renamed; setfattr -n user.note -v hi a
        """;

    private static void Layers(Sandbox s)
    {
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/dir/y", "y\n"); s.File("lower/gone/old", "o\n");
        for (int i = 0; i < 5; i++) s.File($"lower/tree/sub/f{i}", $"{i}\n");
    }

    private static List<string> Names(string archive)
    {
        var names = new List<string>();
        using var reader = new TarReader(new System.IO.Compression.GZipStream(File.OpenRead(archive), System.IO.Compression.CompressionMode.Decompress));
        while (reader.GetNextEntry() is { } entry) names.Add(entry.Name);
        return names;
    }

    [SkippableFact]
    public void Export_import_mount_gives_the_same_view_in_both_formats_and_through_the_kernel()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Layers(s);
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"), "--whiteout", "overlay");
        Assert.Equal(0, Sandbox.Sh($"cd '{m}' && {Script}").Code);
        var view = Sandbox.Tree(m);
        var xattr = Sandbox.Run("getfattr", "--only-values", "-n", "user.note", Path.Combine(m, "a")).Out;
        s.Unmount(m);

        var export = s.Union("export", "--upper", s.P("upper"), "--lower", s.P("lower"), "-o", s.P("layer.tar.gz"));
        Assert.True(export.Code == 0, export.Err);
        var names = Names(s.P("layer.tar.gz"));
        Assert.Contains(".wh.b", names);
        Assert.Contains("dir/.wh.y", names);
        Assert.Contains("gone/.wh..wh..opq", names);
        Assert.Contains("renamed/.wh..wh..opq", names);  // a redirect has no OCI spelling: opaque with its content
        Assert.Contains("renamed/sub/f3", names);
        Assert.DoesNotContain(names, n => n.Contains("overlay") || n.Contains("union-work"));

        foreach (var format in new[] { "oci", "overlay" })
        {
            var imported = s.P("imported-" + format);
            var import = s.Union("import", s.P("layer.tar.gz"), "--into", imported, "--whiteout", format);
            Assert.True(import.Code == 0, import.Err);
            s.Dir("work-" + format); var view2 = s.Dir("m-" + format);
            s.Mount(view2, "--lower", s.P("lower"), "--upper", imported, "--work", s.P("work-" + format));
            Assert.Equal(view, Sandbox.Tree(view2));
            Assert.Equal(xattr, Sandbox.Run("getfattr", "--only-values", "-n", "user.note", Path.Combine(view2, "a")).Out);
            s.Unmount(view2);
        }
        // The overlay-format import is a kernel upper too.
        s.Dir("kwork"); var k = s.Dir("k");
        s.KernelOverlay(k, $"lowerdir={s.P("lower")},upperdir={s.P("imported-overlay")},workdir={s.P("kwork")}");
        Assert.Equal(view, Sandbox.Tree(k));
    }

    [SkippableFact]
    public void Merged_export_in_zstd_holds_the_whole_view_without_whiteouts()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Layers(s);
        var run = s.Union("run", "--lower", s.P("lower"), "--upper", s.P("upper"), "--", "sh", "-c", Script);
        Assert.True(run.Code == 0, run.Err);
        var export = s.Union("export", "--merged", "--upper", s.P("upper"), "--lower", s.P("lower"), "-o", s.P("all.tar.zst"));
        Assert.True(export.Code == 0, export.Err);
        Assert.Equal("28-b5-2f-fd", BitConverter.ToString(File.ReadAllBytes(s.P("all.tar.zst")), 0, 4).ToLowerInvariant());
        Assert.Equal(0, s.Union("import", s.P("all.tar.zst"), "--into", s.P("flat")).Code);
        s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"));
        Assert.Equal(Sandbox.Tree(m), Sandbox.Tree(s.P("flat")));
        Assert.Empty(Directory.GetFileSystemEntries(s.P("flat"), ".wh.*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Archives_that_reach_outside_are_refused_before_anything_is_written()
    {
        using var s = new Sandbox();
        s.Dir("outside");
        var cases = new (string Expected, Action<TarWriter> Write)[]
        {
            ("absolute path", t => t.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "/etc/evil"))),
            ("'..'", t => t.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "a/../../outside/evil"))),
            ("non-directory", t =>
            {
                t.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "link") { LinkName = s.P("outside") });
                t.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "link/evil"));
            }),
            ("'..'", t => t.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "h") { LinkName = "../outside/x" })),
        };
        foreach (var (expected, write) in cases)
        {
            using (var file = File.Create(s.P("evil.tar")))
            using (var tar = new TarWriter(file, TarEntryFormat.Pax)) write(tar);
            var (code, stdout, stderr) = s.Union("import", s.P("evil.tar"), "--into", s.P("into"));
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains(expected, stderr);
            Assert.DoesNotContain('\n', stderr.TrimEnd('\n'));
            Assert.False(Directory.Exists(s.P("into")));
            Assert.Empty(Directory.GetFileSystemEntries(s.P("outside")));
        }
    }

    [Fact]
    public void A_symlink_already_in_the_target_cannot_lead_a_write_out()
    {
        using var s = new Sandbox();
        s.Dir("outside"); s.Dir("into");
        File.CreateSymbolicLink(s.P("into/link"), s.P("outside"));
        using (var file = File.Create(s.P("layer.tar")))
        using (var tar = new TarWriter(file, TarEntryFormat.Pax))
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "link/evil"));
        var (code, _, stderr) = s.Union("import", s.P("layer.tar"), "--into", s.P("into"));
        Assert.Equal(2, code);
        Assert.Contains("not a directory", stderr);
        Assert.Empty(Directory.GetFileSystemEntries(s.P("outside")));
    }
}
