// `union commit` and `union squash` end to end: the committed directory equals the mounted view (checked through
// kernel overlayfs), a dry run changes nothing, an interrupted commit finishes when run again, and the progress bar
// shows on a terminal only.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class CommitCommandTests
{
    private const string Script = """
        set -e
        echo more >> a; rm b; mv tree renamed; echo y > renamed/sub/y; rm -r gone; mkdir gone; echo n > gone/n
        ln -s a link; chmod 640 a; mkdir -p new/deep; echo d > new/deep/d; mv c moved-c
        """;

    /// <summary>A session recorded in an overlay-format upper by `union run`, and the view kernel overlayfs gives it.</summary>
    private static string Session(Sandbox s)
    {
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/c", "c\n"); s.File("lower/tree/sub/x", "x\n");
        s.File("lower/gone/o", "o\n");
        var run = s.Union("run", "--lower", s.P("lower"), "--upper", s.P("upper"), "--whiteout", "overlay", "--", "sh", "-c", Script);
        Assert.True(run.Code == 0, run.Err);
        s.Dir("kwork"); var k = s.Dir("k");
        s.KernelOverlay(k, $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("kwork")},redirect_dir=on");
        var view = Sandbox.Tree(k);
        s.Unmount(k);
        return view;
    }

    [SkippableFact]
    public void Commit_makes_the_directory_equal_to_the_merged_view_and_a_dry_run_changes_nothing()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        var view = Session(s);
        Sandbox.Run("cp", "-a", s.P("lower"), s.P("target"));
        var pristine = Sandbox.Tree(s.P("target"));
        var dry = s.Union("commit", "--upper", s.P("upper"), "--into", s.P("target"), "--dry-run");
        Assert.True(dry.Code == 0, dry.Err);
        Assert.Contains("move /tree -> /renamed", dry.Out);
        Assert.Contains("delete /b", dry.Out);
        Assert.Contains("delete /gone/o (opaque)", dry.Out);
        Assert.DoesNotContain("delete /tree", dry.Out);
        Assert.Equal(pristine, Sandbox.Tree(s.P("target")));

        var commit = s.Union("commit", "--upper", s.P("upper"), "--into", s.P("target"));
        Assert.True(commit.Code == 0, commit.Err);
        Assert.Equal("", commit.Out);  // no progress bar in a pipe
        Assert.Equal(view, Sandbox.Tree(s.P("target")));
        Assert.Equal(0, s.Union("commit", "--upper", s.P("upper"), "--into", s.P("target")).Code);  // idempotent
        Assert.Equal(view, Sandbox.Tree(s.P("target")));
    }

    [SkippableFact]
    public void An_interrupted_commit_finishes_when_run_again()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        var view = Session(s);
        Sandbox.Run("cp", "-a", s.P("lower"), s.P("target"));
        // The state a kill leaves: the rename done, one file deleted, a half-written temp copy beside its file.
        Directory.Move(s.P("target/tree"), s.P("target/renamed"));
        File.Delete(s.P("target/b"));
        File.WriteAllText(s.P("target/.union-commit.a"), "partial");
        var commit = s.Union("commit", "--upper", s.P("upper"), "--into", s.P("target"));
        Assert.True(commit.Code == 0, commit.Err);
        Assert.Equal(view, Sandbox.Tree(s.P("target")));
    }

    [SkippableFact]
    public void Squash_flattens_a_stack_as_a_mount_shows_it()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        var view = Session(s);
        var squash = s.Union("squash", "--lower", s.P("upper"), "--lower", s.P("lower"), "--into", s.P("flat"));
        Assert.True(squash.Code == 0, squash.Err);
        Assert.Equal(view, Sandbox.Tree(s.P("flat")));
        var again = s.Union("squash", "--lower", s.P("lower"), "--into", s.P("flat"));
        Assert.Equal(2, again.Code);
        Assert.Contains("not empty", again.Err);
    }

    [Fact]
    public void The_progress_bar_is_drawn_on_a_terminal()
    {
        using var s = new Sandbox();
        for (int i = 0; i < 50; i++) s.File($"upper/f{i}", $"{i}");
        s.Dir("target");
        var tty = Sandbox.Run("script", "-qec", $"'{Sandbox.Binary}' commit --upper '{s.P("upper")}' --into '{s.P("target")}'", "/dev/null");
        Assert.True(tty.Code == 0, tty.Out + tty.Err);
        Assert.Contains("commit [##############################] 50/50", tty.Out);
        Assert.Equal(50, Directory.GetFiles(s.P("target")).Length);
    }
}
