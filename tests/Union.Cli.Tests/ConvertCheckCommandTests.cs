// `union convert` and `union check` end to end: an upper read back in the other format gives the same changes and
// the same mounted view; check finds partial copies, whiteouts over nothing and mixed formats, and repairs them.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class ConvertCheckCommandTests
{
    [SkippableFact]
    public void An_upper_converted_either_way_reads_back_as_the_same_changes_and_view()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/d/x", "x\n"); s.File("lower/t/y", "y\n");
        var run = s.Union("run", "--lower", s.P("lower"), "--upper", s.P("upper"), "--whiteout", "overlay", "--", "sh", "-c",
            "rm b; rm -r d; mkdir d; echo n > d/n; rm t/y; mv t t2; echo more >> a");
        Assert.True(run.Code == 0, run.Err);
        string Diff() => s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower")).Out;
        var changes = Diff();
        Assert.Contains("deleted  file               2 /b", changes);
        s.Dir("kwork"); var k = s.Dir("k");
        s.KernelOverlay(k, $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("kwork")},redirect_dir=on");
        var view = Sandbox.Tree(k);
        s.Unmount(k);

        var toOci = s.Union("convert", "--to", "oci", s.P("upper"));
        Assert.True(toOci.Code == 0, toOci.Err);
        Assert.Equal("5 markers converted\n", toOci.Out);  // b, t (renamed away), t2/y, the opaque d and t2's redirect
        Assert.True(File.Exists(s.P("upper/.wh.b")) && File.Exists(s.P("upper/d/.wh..wh..opq")));
        Assert.Equal("/t", File.ReadAllText(s.P("upper/t2/.wh..wh..redirect")));
        Assert.Equal("", Sandbox.Sh($"getfattr -R -m 'overlay\\.redirect' '{s.P("upper")}'").Out);  // the xattr went
        Assert.Equal("", Sandbox.Sh($"find '{s.P("upper")}' -type c").Out);
        Assert.Equal(changes, Diff());
        s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"));
        Assert.Equal(view, Sandbox.Tree(m));
        s.Unmount(m);

        Assert.Equal("5 markers converted\n", s.Union("convert", "--to", "overlay", s.P("upper")).Out);
        Assert.Equal("", Sandbox.Sh($"find '{s.P("upper")}' -name '.wh.*'").Out);
        Assert.Equal(changes, Diff());
        Sandbox.Sh($"rm -rf '{s.P("kwork")}'"); s.Dir("kwork");
        s.KernelOverlay(k, $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("kwork")},redirect_dir=on");
        Assert.Equal(view, Sandbox.Tree(k));
    }

    [Fact]
    public void Check_finds_partial_copies_whiteouts_over_nothing_and_mixed_formats_and_repairs_them()
    {
        using var s = new Sandbox();
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/c", "c\n");
        s.File("upper/.wh.a", ""); s.File("upper/.wh.b", ""); s.File("upper/.wh.ghost", "");
        Sandbox.Run("mknod", s.P("upper/c"), "c", "0", "0");
        s.File("work/union-work/#1f.2", "partial copy");
        string[] Args(params string[] extra) => ["check", s.P("upper"), "--lower", s.P("lower"), "--work", s.P("work"), .. extra];
        var before = s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower")).Out;

        var found = s.Union(Args());
        Assert.Equal(1, found.Code);
        Assert.Equal(
            $"""
            orphan-temp {s.P("work/union-work/#1f.2")}
            whiteout-over-nothing /ghost
            mixed-formats /c

            """, found.Out);
        Assert.True(File.Exists(s.P("work/union-work/#1f.2")));  // a check alone changes nothing

        var repaired = s.Union(Args("--repair"));
        Assert.Equal(0, repaired.Code);
        Assert.Contains("whiteout-over-nothing /ghost (repaired)", repaired.Out);
        Assert.False(File.Exists(s.P("upper/.wh.ghost")));
        Assert.True(File.Exists(s.P("upper/.wh.c")));
        Assert.Empty(Directory.GetFileSystemEntries(s.P("work/union-work")));
        Assert.Equal(before, s.Union("diff", "--upper", s.P("upper"), "--lower", s.P("lower")).Out);

        var clean = s.Union(Args());
        Assert.Equal(0, clean.Code);
        Assert.Equal("", clean.Out);
    }

    [Fact]
    public void Convert_and_check_refuse_bad_input_with_one_line()
    {
        using var s = new Sandbox();
        Assert.Equal(2, s.Union("convert", "--to", "zip", s.Dir("upper")).Code);
        var missing = s.Union("check", s.P("nope"));
        Assert.Equal(2, missing.Code);
        Assert.Contains("does not exist", missing.Err);
    }
}
