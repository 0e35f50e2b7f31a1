// `union run` end to end: a real mount with a temp upper (in a private TMPDIR, so leftovers show), the command's
// exit code, the printed changes, and the cleanup when the command or union itself is killed mid-way.
namespace Union.Cli.Tests;

using System.Diagnostics;
using System.Text.Json.Nodes;

[Collection("mounts")]
public class RunCommandTests
{
    private static Process Start(Sandbox s, params string[] args)
    {
        var psi = new ProcessStartInfo(Sandbox.Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["TMPDIR"] = s.Dir("tmp");
        return Process.Start(psi)!;
    }

    private static (int Code, string Out, string Err) Finish(Process p)
    {
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("union run"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static void AssertCleanedUp(Sandbox s, string lowerTree)
    {
        Assert.Empty(Directory.GetFileSystemEntries(s.P("tmp")));
        Assert.Equal(lowerTree, Sandbox.Tree(s.P("lower")));
        Assert.DoesNotContain(s.P("tmp"), File.ReadAllText("/proc/self/mounts"));
    }

    [SkippableFact]
    public void Run_prints_the_changes_exits_with_the_command_code_and_leaves_nothing_behind()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n"); s.File("lower/b", "b\n"); s.File("lower/dir/c", "c\n");
        var before = Sandbox.Tree(s.P("lower"));
        using var p = Start(s, "run", "--lower", s.P("lower"), "--", "sh", "-c",
            "test \"$(pwd)\" = \"$1\" && echo more >> a && rm b && mv dir moved && echo n > new && exit 7", "sh", "{}");
        var (code, stdout, stderr) = Finish(p);
        Assert.True(code == 7, stderr);
        Assert.Equal(
            """
            modified file               7 /a
            deleted  file               2 /b
            renamed  directory          0 /moved <- /dir
            added    file               2 /new

            """, stdout);
        AssertCleanedUp(s, before);
    }

    [SkippableFact]
    public void Run_keeps_the_upper_when_asked_and_its_json_matches_the_schema()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n");
        using var p = Start(s, "run", "--lower", s.P("lower"), "--keep", "--json", "--", "sh", "-c", "echo chatter; echo x > x");
        var (code, stdout, stderr) = Finish(p);
        Assert.True(code == 0, stderr);
        DiffCommandTests.AssertValid(stdout);
        var doc = JsonNode.Parse(stdout)!;
        Assert.Equal(0, doc["exitCode"]!.GetValue<int>());
        Assert.Contains("chatter", stderr);
        var upper = doc["upper"]!.GetValue<string>();
        Assert.StartsWith(s.P("tmp"), upper);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(upper, "x")));
        Assert.Contains($"kept the upper at {upper}", stderr);
        Assert.Equal([upper], Directory.GetDirectories(Path.GetDirectoryName(upper)!));  // work and mountpoint gone
    }

    [SkippableFact]
    public void A_command_killed_mid_way_leaves_the_layers_intact_and_the_temp_upper_removed()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        for (int i = 0; i < 20; i++) s.File($"lower/f{i}", $"{i}\n");
        var before = Sandbox.Tree(s.P("lower"));
        var pidFile = s.P("child.pid");
        using var p = Start(s, "run", "--lower", s.P("lower"), "--", "sh", "-c",
            $"for f in f*; do echo changed >> $f; done; rm f3; echo $$ > '{pidFile}'; exec sleep 60");
        WaitFor(() => File.Exists(pidFile) && File.ReadAllText(pidFile).EndsWith('\n'));
        Sandbox.Run("kill", "-KILL", File.ReadAllText(pidFile).Trim());
        var (code, stdout, _) = Finish(p);
        Assert.Equal(137, code);
        Assert.Contains("deleted  file               2 /f3", stdout);
        AssertCleanedUp(s, before);
    }

    [SkippableFact]
    public void Stopping_union_run_itself_stops_the_command_unmounts_and_cleans_up()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n");
        var before = Sandbox.Tree(s.P("lower"));
        var ready = s.P("ready");
        using var p = Start(s, "run", "--lower", s.P("lower"), "--", "sh", "-c", $"echo b > b; touch '{ready}'; exec sleep 60");
        WaitFor(() => File.Exists(ready));
        Sandbox.Run("kill", "-TERM", p.Id.ToString());
        var (code, stdout, _) = Finish(p);
        Assert.Equal(137, code);
        Assert.Equal("added    file               2 /b\n", stdout);
        AssertCleanedUp(s, before);
    }

    [SkippableFact]
    public void A_run_killed_outright_leaves_a_dead_mount_that_the_next_run_detaches()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/a", "a\n");
        var ready = s.P("ready");
        // The command ends by itself once union is gone and reaped: $PPID is union's pid, read once at start.
        using var killed = Start(s, "run", "--lower", s.P("lower"), "--", "sh", "-c",
            $"echo b > b; touch '{ready}'; while kill -0 $PPID 2>/dev/null; do sleep 0.1; done");
        WaitFor(() => File.Exists(ready));
        string merged = File.ReadAllLines("/proc/self/mounts").Select(l => l.Split(' ')[1]).Single(m => m.StartsWith(s.P("tmp"), StringComparison.Ordinal));
        killed.Kill();
        killed.WaitForExit();
        Assert.True(Reliability.MountDaemon.IsStale(merged), "a SIGKILLed run leaves its mount without a daemon");

        using var next = Start(s, "run", "--lower", s.P("lower"), "--", "true");
        var (code, _, stderr) = Finish(next);
        Assert.Equal(0, code);
        Assert.Contains($"detached the dead mount of a killed run at {merged}", stderr);
        Assert.DoesNotContain(s.P("tmp"), File.ReadAllText("/proc/self/mounts"));
        Assert.Equal("b\n", File.ReadAllText(Path.Combine(Path.GetDirectoryName(merged)!, "upper", "b")));   // kept
    }

    [Fact]
    public void Run_without_layers_or_command_is_a_usage_error()
    {
        using var s = new Sandbox();
        Assert.Equal(2, s.Union("run", "--", "true").Code);
        Assert.Equal(2, s.Union("run", "--lower", s.P("nope"), "--", "true").Code);
        Assert.Equal(2, s.Union("run", "--lower", s.Dir("lower")).Code);
    }

    private static void WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++) Thread.Sleep(20);
        Assert.True(condition(), "timed out waiting for the command");
    }
}
