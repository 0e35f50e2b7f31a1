// Bad input gets one line naming the problem, exit code 2, and changes nothing on disk.
namespace Union.Cli.Tests;

public class BadInputTests
{
    private static void AssertRefused(Sandbox s, string expected, params string[] args)
    {
        var before = Sandbox.Tree(s.Root);
        var (code, stdout, stderr) = s.Union(args);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        var line = stderr.TrimEnd('\n');
        Assert.DoesNotContain('\n', line);
        Assert.Contains(expected, line);
        Assert.Equal(before, Sandbox.Tree(s.Root));
    }

    [Fact]
    public void Each_bad_input_is_refused_with_one_line_and_nothing_changes()
    {
        using var s = new Sandbox();
        s.File("lower/a", "a");
        s.Dir("upper"); s.Dir("work"); s.Dir("m"); s.File("work2/junk", "j"); s.File("afile", "f");
        string L = s.P("lower"), U = s.P("upper"), W = s.P("work"), M = s.P("m");
        AssertRefused(s, "does not exist", "mount", "--lower", s.P("nope"), M);
        AssertRefused(s, "not a directory", "mount", "--lower", s.P("afile"), M);
        AssertRefused(s, "given twice", "mount", "--lower", L, "--lower", L, M);
        AssertRefused(s, "nested", "mount", "--lower", L, "--upper", s.P("lower/a-dir-inside") is var inner && Directory.CreateDirectory(inner) is not null ? inner : "", "--work", W, M);
        AssertRefused(s, "give an empty directory", "mount", "--lower", L, "--upper", U, "--work", s.P("work2"), M);
        AssertRefused(s, "needs a work directory", "mount", "--lower", L, "--upper", U, M);
        AssertRefused(s, "mountpoint", "mount", "--lower", L, s.P("missing"));
        AssertRefused(s, "not a directory", "mount", "--lower", L, s.P("afile"));
        AssertRefused(s, "overlap", "mount", "--lower", L, s.P("lower"));
        AssertRefused(s, "unknown mount option", "mount", "-o", $"lowerdir={L},bogus=1", M);
        AssertRefused(s, "unknown whiteout format", "mount", "--lower", L, "--whiteout", "zip", M);
        AssertRefused(s, "conflicts", "mount", "-o", $"lowerdir={L},upperdir={U},workdir={W},ro", M);
        AssertRefused(s, "lower layer", "mount", M);
        AssertRefused(s, "Unrecognized", "mount", "--bogus", M);
        AssertRefused(s, "unknown log level", "mount", "--lower", L, "--log-level", "loud", M);
        AssertRefused(s, "entry_timeout must be seconds", "mount", "-o", $"lowerdir={L},entry_timeout=soon", M);
        AssertRefused(s, "attr_timeout must be seconds", "mount", "-o", $"lowerdir={L},attr_timeout=-1", M);
        AssertRefused(s, "spin must be 0..10000 microseconds", "mount", "-o", $"lowerdir={L},spin=forever", M);
    }
}
