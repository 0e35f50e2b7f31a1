// What the machine lacks or refuses gets one line and exit code 1 (2 for usage), and nothing on disk changes:
// no /dev/fuse, no fusermount3 for an ordinary user, a layer the user may not use, work on another filesystem,
// a mountpoint that is already a union. Each runs the real binary, in a private mount namespace where it hides
// something.
namespace Union.Cli.Tests;

public class EnvironmentErrorTests
{
    private static void AssertOneLineFailure(Sandbox s, (int Code, string Out, string Err) result, int code, string expected, string before)
    {
        Assert.True(result.Code == code, $"exit {result.Code}, stderr: {result.Err}");
        var line = result.Err.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.Contains(expected, line);
        Assert.Equal(before, Sandbox.Tree(s.Root));
        Assert.DoesNotContain($" {s.P("m")} ", File.ReadAllText("/proc/self/mounts"));
    }

    /// <summary>A sandbox an ordinary user (nobody) can read, with a mountpoint, upper and work it owns.</summary>
    private static Sandbox ForNobody()
    {
        var s = new Sandbox();
        s.File("lower/a", "a");
        s.Dir("m"); s.Dir("upper"); s.Dir("work");
        Sandbox.Sh($"chmod 755 '{s.Root}' && chown nobody '{s.P("m")}' '{s.P("upper")}' '{s.P("work")}'");
        return s;
    }

    private static string Layers(Sandbox s) => $"--lower '{s.P("lower")}' --upper '{s.P("upper")}' --work '{s.P("work")}' '{s.P("m")}'";

    private static string AsNobody(string command) => $"setpriv --reuid=nobody --regid=nogroup --clear-groups {command}";

    [SkippableFact]
    public void Without_dev_fuse_the_mount_says_so()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a"); s.Dir("upper"); s.Dir("work"); s.Dir("m");
        string before = Sandbox.Tree(s.Root);
        var result = Sandbox.Run("unshare", "-m", "--propagation", "private", "bash", "-c",
            $"mount -t tmpfs none /dev && exec '{Sandbox.Binary}' mount --lower '{s.P("lower")}' --upper '{s.P("upper")}' --work '{s.P("work")}' '{s.P("m")}'");
        AssertOneLineFailure(s, result, 1, "/dev/fuse is missing", before);
    }

    [SkippableFact]
    public void An_ordinary_user_without_fusermount3_is_told_to_install_it()
    {
        Sandbox.RequireFuse();
        using var s = ForNobody();
        string before = Sandbox.Tree(s.Root);
        string fusermount = Sandbox.Sh("command -v fusermount3").Out.Trim();
        Assert.NotEqual("", fusermount);   // scripts/deps.sh installs fuse3
        var result = Sandbox.Run("unshare", "-m", "--propagation", "private", "bash", "-c",
            $"mount --bind /dev/null '{fusermount}' && exec " + AsNobody($"'{Sandbox.Binary}' mount {Layers(s)}"));
        AssertOneLineFailure(s, result, 1, "fusermount3 is missing: install the fuse3 package", before);
    }

    [SkippableFact]
    public void An_upper_layer_the_user_may_not_write_is_refused()
    {
        Sandbox.RequireFuse();
        using var s = ForNobody();
        Sandbox.Sh($"chown root '{s.P("upper")}' '{s.P("work")}' && chmod 700 '{s.P("upper")}' '{s.P("work")}'");
        string before = Sandbox.Tree(s.Root);
        var result = Sandbox.Sh(AsNobody($"'{Sandbox.Binary}' mount {Layers(s)}"));
        AssertOneLineFailure(s, result, 2, "ermission denied", before);
    }

    [SkippableFact]
    public void A_work_directory_on_another_filesystem_is_refused()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a"); s.Dir("upper"); s.Dir("work"); s.Dir("m");
        string before = Sandbox.Tree(s.Root);
        var result = Sandbox.Run("unshare", "-m", "--propagation", "private", "bash", "-c",
            $"mount -t tmpfs none '{s.P("work")}' && exec '{Sandbox.Binary}' mount --lower '{s.P("lower")}' --upper '{s.P("upper")}' --work '{s.P("work")}' '{s.P("m")}'");
        AssertOneLineFailure(s, result, 2, "must be on the same filesystem as the upper layer", before);
    }

    [SkippableFact]
    public void A_mountpoint_that_is_already_a_union_is_refused()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a"); s.Dir("m");
        s.Mount(s.P("m"), "--lower", s.P("lower"));
        try
        {
            var result = s.Union("mount", "--lower", s.P("lower"), s.P("m"));
            Assert.Equal(2, result.Code);
            Assert.Contains("already a union mount", result.Err);
            Assert.Single(File.ReadAllLines("/proc/self/mounts"), l => l.Contains($" {s.P("m")} ", StringComparison.Ordinal));
        }
        finally
        {
            s.Unmount(s.P("m"));
        }
    }
}
