// The real `union` binary mounted over real layers, checked against the kernel's own overlayfs.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class MountedTests
{
    [SkippableFact]
    public void Classic_walkthrough_lands_in_the_upper_and_leaves_the_lower_alone()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("base/test1", "old\n");
        s.Dir("diff"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "-o", $"lowerdir={s.P("base")},upperdir={s.P("diff")},workdir={s.P("work")}");
        File.WriteAllText(Path.Combine(m, "test2"), "new\n");
        File.AppendAllText(Path.Combine(m, "test1"), "more\n");
        Assert.Equal("old\nmore\n", File.ReadAllText(Path.Combine(m, "test1")));
        Assert.Contains(s.P("base"), s.Union("list").Out);
        s.Unmount(m);
        Assert.Equal("old\n", File.ReadAllText(s.P("base/test1")));
        Assert.Equal("old\nmore\n", File.ReadAllText(s.P("diff/test1")));
        Assert.Equal("new\n", File.ReadAllText(s.P("diff/test2")));
    }

    [SkippableFact]
    public void The_io_uring_options_mount_whether_or_not_the_kernel_offers_it()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("base/a", "lower\n");
        foreach (var option in new[] { "io_uring", "noio_uring" })
        {
            s.Dir($"{option}/diff"); s.Dir($"{option}/work"); var m = s.Dir($"{option}/m");
            s.Mount(m, "-o", $"lowerdir={s.P("base")},upperdir={s.P($"{option}/diff")},workdir={s.P($"{option}/work")},{option}");
            File.WriteAllText(Path.Combine(m, "b"), "upper\n");
            Assert.Equal(["a", "b"], Directory.GetFiles(m).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal("lower\n", File.ReadAllText(Path.Combine(m, "a")));
            s.Unmount(m);
            Assert.Equal("upper\n", File.ReadAllText(s.P($"{option}/diff/b")));
        }
    }

    [SkippableFact]
    public void A_stopping_daemon_leaves_alone_a_filesystem_mounted_over_its_mountpoint()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("base/a", "lower\n");
        s.Dir("diff"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "-o", $"lowerdir={s.P("base")},upperdir={s.P("diff")},workdir={s.P("work")}");
        int pid = Reliability.MountDaemon.PidOf(m);
        // Someone else's filesystem over the union: umount2 of the path would take it, not the union.
        var tmpfs = Sandbox.Run("mount", "-t", "tmpfs", "covering", m);
        Assert.True(tmpfs.Code == 0, $"mount tmpfs failed: {tmpfs.Err}");
        File.WriteAllText(Path.Combine(m, "mine"), "kept\n");

        Sandbox.Run("kill", "-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Reliability.MountDaemon.IsAlive(pid) && waited.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
        Assert.False(Reliability.MountDaemon.IsAlive(pid), "the daemon did not exit on SIGTERM");

        Assert.Equal("kept\n", File.ReadAllText(Path.Combine(m, "mine")));
        Assert.Equal("tmpfs", Linux.MountTable.TopmostAt(m)?.FsType);
        Assert.Equal(0, Sandbox.Run("umount", m).Code);
    }

    [SkippableFact]
    public void Same_script_gives_the_same_tree_as_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        foreach (var side in new[] { "k", "u" })
        {
            s.File($"{side}/lower1/a", "a1"); s.File($"{side}/lower1/dir/deep/x", "x");
            s.File($"{side}/lower1/dir/y", "y"); s.File($"{side}/lower0/a", "a0");
            s.File($"{side}/lower0/b", "b"); s.Dir($"{side}/upper"); s.Dir($"{side}/work"); s.Dir($"{side}/m");
        }
        string Opts(string side) =>
            $"lowerdir={s.P(side + "/lower0")}:{s.P(side + "/lower1")},upperdir={s.P(side + "/upper")},workdir={s.P(side + "/work")}";
        s.KernelOverlay(s.P("k/m"), Opts("k"));
        s.Mount(s.P("u/m"), "-o", Opts("u") + ",whiteout=overlay,spin=0");   // readers that always sleep
        const string script = """
            set +e
            echo new > n; echo more >> a; rm b; rm dir/y; mkdir dir/new; echo z > dir/new/z
            ln -s a link; ln a hard; chmod 600 a; mkdir e; rmdir e; mv n n2; truncate -s 1 dir/deep/x
            rm -r dir/deep; mkdir dir/deep; touch dir/deep/again; mv dir/new dir/renamed
            echo status=$?
            """;
        var kernel = Sandbox.Sh($"cd '{s.P("k/m")}' && {script}");
        var union = Sandbox.Sh($"cd '{s.P("u/m")}' && {script}");
        Assert.Equal(kernel.Out, union.Out);
        Assert.Equal(Sandbox.Tree(s.P("k/m")), Sandbox.Tree(s.P("u/m")));
        s.Unmount(s.P("u/m"));
        s.Unmount(s.P("k/m"));
        // The upper union wrote (overlay format) reads the same through the kernel.
        s.Dir("u/work2");
        s.KernelOverlay(s.P("u/m"),
            $"lowerdir={s.P("u/lower0")}:{s.P("u/lower1")},upperdir={s.P("u/upper")},workdir={s.P("u/work2")},redirect_dir=on");
        s.KernelOverlay(s.P("k/m"), Opts("k"));
        Assert.Equal(Sandbox.Tree(s.P("k/m")), Sandbox.Tree(s.P("u/m")));
    }

    [SkippableFact]
    public void Renaming_a_lower_directory_succeeds_where_kernel_overlayfs_says_EXDEV()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        for (int i = 0; i < 100; i++) s.File($"lower/tree/sub/f{i}", $"{i}");
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"));
        var moved = Sandbox.Sh($"mv '{m}/tree' '{m}/moved' && cat '{m}/moved/sub/f42' && ls '{m}/moved/sub' | wc -l");
        Assert.Equal(0, moved.Code);
        Assert.Equal("42100", moved.Out.Replace("\n", ""));
        Assert.False(Directory.Exists(Path.Combine(m, "tree")));
        Assert.Equal(100, Directory.GetFiles(s.P("lower/tree/sub")).Length);
    }

    [SkippableFact]
    public void Casefold_mount_folds_names_across_layers_and_keeps_the_lower_spelling()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/Docs/Readme.md", "hello\n");
        s.File("lower/Docs/Old.txt", "old");
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "-o", $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("work")},casefold");
        string P(string relative) => Path.Combine(m, relative);

        Assert.Equal("hello\n", File.ReadAllText(P("docs/README.MD")));
        File.AppendAllText(P("DOCS/readme.md"), "more\n");   // writes the lower file's copy, not a second file
        Assert.Equal("hello\nmore\n", File.ReadAllText(P("Docs/Readme.md")));
        Assert.Equal(["Docs"], Directory.GetFileSystemEntries(m).Select(Path.GetFileName));
        Assert.Equal(["Old.txt", "Readme.md"], Directory.GetFiles(P("dOcS")).Select(Path.GetFileName).Order());

        File.Delete(P("DOCS/OLD.TXT"));                       // a whiteout hides every spelling
        Assert.False(File.Exists(P("docs/old.txt")));
        var mkdir = Sandbox.Sh($"mkdir '{P("docs")}'");                // another spelling of an existing name
        Assert.NotEqual(0, mkdir.Code);
        Assert.Contains("File exists", mkdir.Err, StringComparison.Ordinal);
        File.WriteAllText(P("New"), "n");
        File.WriteAllText(P("NEW"), "N");                        // the same file under another spelling
        Assert.Equal(["Docs", "New"], Directory.GetFileSystemEntries(m).Select(Path.GetFileName).Order());
        Assert.Equal("N", File.ReadAllText(P("new")));
        s.Unmount(m);

        Assert.Equal("hello\nmore\n", File.ReadAllText(s.P("upper/Docs/Readme.md")));
        Assert.True(File.Exists(s.P("upper/Docs/.wh.Old.txt")));
        Assert.Equal("old", File.ReadAllText(s.P("lower/Docs/Old.txt")));
        Assert.False(File.Exists(s.P("lower/Docs/readme.md")));
    }
}
