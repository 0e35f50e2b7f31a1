// Hostile names and escaping links through the real mount. The kernel resolves symlinks in the merged view (as it
// would on overlayfs); the daemon never follows one host-side, so a sentinel outside the layers never changes
// unless the merged-view path itself leads there.
namespace Union.Cli.Tests.Reliability;

[Collection("mounts")]
public class HostileMountTests
{
    [SkippableFact]
    public void Bad_names_through_the_mount_fail_cleanly_and_change_nothing()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/file", "lower\n");
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("m");
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"));
        string long256 = new('n', 256), long255 = new('n', 255);
        foreach (var (script, message) in new[]
        {
            ($"touch '{m}/{long256}'", "File name too long"),
            ($"mkdir '{m}/{long256}'", "File name too long"),
            ($"mv '{m}/file' '{m}/{long256}'", "File name too long"),
            ($"touch '{m}/.wh.file'", "Invalid argument"),
            ($"mkdir '{m}/.wh..wh..opq'", "Invalid argument"),
            ($"ln -s x '{m}/.wh.x'", "Invalid argument"),
            ($"mv '{m}/file' '{m}/.wh.file'", "subdirectory of itself"),   // how mv words EINVAL from rename(2)
            ($"ln '{m}/file' '{m}/.wh.file'", "Invalid argument"),
        })
        {
            var result = Sandbox.Sh(script);
            Assert.True(result.Code != 0, $"{script} should fail");
            Assert.Contains(message, result.Err);
        }
        Assert.False(File.Exists(Path.Combine(m, ".wh.file")));
        Assert.Equal("lower\n", File.ReadAllText(Path.Combine(m, "file")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(s.P("upper")));
        Assert.Equal(0, Sandbox.Sh($"touch '{m}/{long255}'").Code);
        Assert.True(File.Exists(s.P("upper/" + long255)));
    }

    [SkippableFact]
    public void Links_out_of_a_lower_are_resolved_in_the_merged_view_never_host_side()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("outside/sentinel", "sentinel\n");
        s.File("decoy", "decoy\n");
        File.SetLastWriteTimeUtc(s.P("outside/sentinel"), new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        s.Dir("lower/d/e");
        // Host-side, lower/esc leads to outside/; in the merged view (m is two levels deeper) it leads nowhere.
        File.CreateSymbolicLink(s.P("lower/esc"), "../outside");
        File.CreateSymbolicLink(s.P("lower/abs"), s.P("decoy"));
        File.CreateSymbolicLink(s.P("lower/d/e/chain"), "../../../../../../../..");
        Assert.Equal(0, Sandbox.Run("ln", s.P("outside/sentinel"), s.P("lower/hard")).Code);
        s.Dir("upper"); s.Dir("work"); var m = s.Dir("deep/er/m");
        string guard = Guard(s);
        s.Mount(m, "--lower", s.P("lower"), "--upper", s.P("upper"), "--work", s.P("work"));

        var escape = Sandbox.Sh($"echo planted > '{m}/esc/sentinel'");
        Assert.NotEqual(0, escape.Code);
        Assert.Contains("No such file or directory", escape.Err);
        Assert.Equal(0, Sandbox.Sh($"""
            set -e
            chown -h 1:1 '{m}/esc'; touch -h '{m}/abs'; mv '{m}/d/e/chain' '{m}/chain2'
            echo more >> '{m}/hard'; ln '{m}/hard' '{m}/hard2'; truncate -s 2 '{m}/hard2'
            """).Code);
        Assert.Equal("../outside", new FileInfo(s.P("upper/esc")).LinkTarget);
        Assert.Equal(0, Sandbox.Sh($"rm '{m}/esc'").Code);
        Assert.True(File.Exists(s.P("upper/.wh.esc")));
        Assert.Equal(s.P("decoy"), new FileInfo(s.P("upper/abs")).LinkTarget);
        Assert.Equal("../../../../../../../..", new FileInfo(s.P("upper/chain2")).LinkTarget);
        Assert.Equal("se", File.ReadAllText(s.P("upper/hard")));
        Assert.Equal(guard, Guard(s));

        // An absolute link is resolved by the kernel to the real file, as on any filesystem: the write lands
        // there, and nothing about it lands in the layers.
        Assert.Equal(0, Sandbox.Sh($"echo through-the-link > '{m}/abs'").Code);
        Assert.Equal("through-the-link\n", File.ReadAllText(s.P("decoy")));
        Assert.Equal(s.P("decoy"), new FileInfo(s.P("upper/abs")).LinkTarget);
        s.Unmount(m);
        Assert.Equal(guard, Guard(s));
    }

    /// <summary>The sentinel (bytes, mtime, link count) and the lower layer's tree.</summary>
    private static string Guard(Sandbox s) =>
        Sandbox.Sh($"stat -c '%n %s %Y %h' '{s.P("outside/sentinel")}'; md5sum '{s.P("outside/sentinel")}'; ls -A '{s.P("outside")}'").Out +
        Sandbox.Tree(s.P("lower"));
}
