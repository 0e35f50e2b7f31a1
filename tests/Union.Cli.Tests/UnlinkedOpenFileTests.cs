// A file unlinked while open is still a file: fchmod, fchown, ftruncate, futimens and the xattr calls on its
// descriptor work, and fstat keeps describing it even after a new file takes its old name. Checked against kernel
// overlayfs for a file made through the mount, a lower file opened for writing (so copied up), and, for reads, a
// lower file opened read-only.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class UnlinkedOpenFileTests
{
    private const string Script = """
        import os
        def r(name, f):
            try:
                v = f(); print(name, 'ok' if v is None else v)
            except OSError as e: print(name, e.strerror)
        def describe(fd, mtime=True):
            st = os.fstat(fd)
            print(oct(st.st_mode), st.st_uid, st.st_gid, st.st_size, st.st_nlink, int(st.st_mtime) if mtime else '')
        def renamed_over(path, fd, mtime=True):
            with open(path, 'w') as again: again.write('a new file under the old name')
            describe(fd, mtime)
        for path, flags in (('new', os.O_RDWR | os.O_CREAT), ('lowrw', os.O_RDWR)):
            fd = os.open(path, flags, 0o644)
            os.unlink(path)
            print('--', path)
            r('fchmod', lambda: os.fchmod(fd, 0o640))
            r('fchown', lambda: os.fchown(fd, 65534, 65534))
            r('ftruncate', lambda: os.ftruncate(fd, 3))
            r('fsetxattr', lambda: os.setxattr(fd, 'user.x', b'1'))
            r('fgetxattr', lambda: os.getxattr(fd, 'user.x'))
            r('flistxattr', lambda: sorted(os.listxattr(fd)))
            r('fremovexattr', lambda: os.removexattr(fd, 'user.y'))
            r('futimens', lambda: os.utime(fd, (1000, 2000)))
            describe(fd)
            renamed_over(path, fd)
        fd = os.open('lowro', os.O_RDONLY)
        os.unlink('lowro')
        print('-- lowro')
        r('fgetxattr', lambda: os.getxattr(fd, 'user.low'))
        r('flistxattr', lambda: sorted(os.listxattr(fd)))
        renamed_over('lowro', fd, mtime=False)   # its mtime is the layer's, made at another second on each side
        """;

    [SkippableFact]
    public void An_unlinked_open_file_changes_through_its_descriptor_as_on_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        const string layers = "mkdir lower && echo low > lower/lowrw && echo low > lower/lowro && setfattr -n user.low -v 1 lower/lowro";
        var twin = new TwinMounts(s, layers, ["lower"]);
        System.IO.File.WriteAllText(s.P("unlinked.py"), Script);
        var output = twin.Same($"python3 '{s.P("unlinked.py")}' 2>&1");
        Assert.Contains("fremovexattr No data available", output);
        Assert.DoesNotContain("No such file", output);
        Assert.Contains("0o100640 65534 65534 3 0 2000", output);   // chmod, chown, truncate and times all took
        Assert.Contains("fgetxattr b'1'", output);
    }
}
