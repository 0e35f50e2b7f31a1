// O_TMPFILE through the mount, as through kernel overlayfs: an unnamed file that takes the caller's umask, can be
// written, chmod'ed and given xattrs, and that linkat(AT_EMPTY_PATH) names (twice, even), unless it was made with
// O_EXCL; its name then shows what is still written through the unnamed descriptor; made by an unprivileged user,
// it is theirs.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class UnnamedFileTests
{
    private const string Script = """
        import ctypes, os
        libc = ctypes.CDLL(None, use_errno=True)
        def r(name, f):
            try:
                v = f(); print(name, 'ok' if v is None else v)
            except OSError as e: print(name, e.strerror)
        def link(fd, name):
            if libc.linkat(fd, b'', -100, name.encode(), 0x1000) != 0:   # AT_FDCWD, AT_EMPTY_PATH
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        os.umask(0o027)
        fd = os.open('d', os.O_TMPFILE | os.O_RDWR, 0o666)
        st = os.fstat(fd); print('unnamed', oct(st.st_mode), st.st_nlink, sorted(os.listdir('d')))
        os.write(fd, b'hello')
        r('fchmod', lambda: os.fchmod(fd, 0o604))
        r('fsetxattr', lambda: os.setxattr(fd, 'user.t', b'1'))
        r('linkat', lambda: link(fd, 'd/named'))
        st = os.stat('d/named'); print('named', oct(st.st_mode), st.st_nlink, st.st_size)
        os.write(fd, b' again')
        # Stat before any read of the name (a read refreshes its attributes): the size follows the unnamed descriptor.
        print(os.stat('d/named').st_size, open('d/named').read(), os.getxattr('d/named', 'user.t'))
        r('linkat again', lambda: link(fd, 'd/second'))
        r('linkat over a name', lambda: link(fd, 'd/lower'))
        excl = os.open('d', os.O_TMPFILE | os.O_WRONLY | os.O_EXCL, 0o600)
        r('linkat O_EXCL', lambda: link(excl, 'd/never'))
        print(sorted(os.listdir('d')), os.stat('d/second').st_nlink)
        """;

    private const string AsNobody = """
        python3 -c "
        import ctypes, os
        fd = os.open('shared', os.O_TMPFILE | os.O_WRONLY, 0o644)
        print(ctypes.CDLL(None).linkat(fd, b'', -100, b'shared/mine', 0x1000), os.stat('shared/mine').st_uid)"
        """;

    [SkippableFact]
    public void An_unnamed_file_is_made_written_and_named_as_on_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Sandbox.Run("chmod", "755", s.Root);
        const string layers = "mkdir -p lower/d lower/shared && echo low > lower/d/lower && chmod 1777 lower/shared";
        var twin = new TwinMounts(s, layers, ["lower"]);
        System.IO.File.WriteAllText(s.P("unnamed.py"), Script);
        var output = twin.Same($"python3 '{s.P("unnamed.py")}' 2>&1");
        Assert.Contains("unnamed 0o100640 0 ['lower']", output);
        Assert.Contains("named 0o100604 1 5", output);
        Assert.Contains("11 hello again b'1'", output);   // the name's size follows writes through the unnamed descriptor
        Assert.Contains("linkat over a name File exists", output);
        Assert.Contains("linkat O_EXCL No such file or directory", output);
        Assert.Contains("['lower', 'named', 'second'] 2", output);

        var kernel = Sandbox.RunAsNobody(twin.Kernel, AsNobody);
        Assert.Equal(kernel, Sandbox.RunAsNobody(twin.Union, AsNobody));
        Assert.Equal("0 65534\n", kernel);
    }
}
