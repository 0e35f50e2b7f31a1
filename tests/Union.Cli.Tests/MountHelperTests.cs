// /etc/fstab and `mount -t fuse.union` run /sbin/mount.fuse.union SOURCE DIR -o OPTIONS: the same binary, by name.
namespace Union.Cli.Tests;

public class MountHelperTests
{
    [SkippableFact]
    public void Called_as_mount_fuse_union_it_mounts_with_the_options_mount8_passes()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        s.File("lower/hello.txt", "from the lower layer\n");
        s.Dir("upper"); s.Dir("work"); s.Dir("mnt");
        string helper = s.P("mount.fuse.union");
        File.CreateSymbolicLink(helper, Sandbox.Binary);

        // Exactly as util-linux calls a helper: source, target, then mount(8)'s own flags and the fstab options.
        var result = Sandbox.Run(helper, "union", s.P("mnt"), "-n", "-o",
            $"rw,noatime,lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("work")}");
        Assert.True(result.Code == 0, result.Err);
        try
        {
            Assert.Contains($" {s.P("mnt")} fuse.union ", File.ReadAllText("/proc/self/mounts"));
            Assert.Equal("from the lower layer\n", File.ReadAllText(s.P("mnt/hello.txt")));
            File.WriteAllText(s.P("mnt/new.txt"), "written\n");
            Assert.Equal("written\n", File.ReadAllText(s.P("upper/new.txt")));
        }
        finally
        {
            s.Unmount(s.P("mnt"));
        }
    }

    [Fact]
    public void A_helper_call_without_a_mountpoint_is_a_usage_error_that_mounts_nothing()
    {
        using var s = new Sandbox();
        string helper = s.P("mount.fuse.union");
        File.CreateSymbolicLink(helper, Sandbox.Binary);
        var result = Sandbox.Run(helper, "union", "-o", "lowerdir=/nonexistent");
        Assert.Equal(2, result.Code);
        Assert.StartsWith("union: usage: mount.fuse.union SOURCE MOUNTPOINT", result.Err);
        Assert.Single(result.Err.Trim().Split('\n'));
    }
}
