// POSIX ACLs decide access through a root union mount as through kernel overlayfs: an ACL entry can grant a user
// what the mode bits alone refuse, and refuse what they would grant. ACLs survive copy-up, and setfacl and chmod
// through the mount take effect at once. An owner outside a file's group who sets its ACL loses its setgid bit.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class AclTests
{
    private const string Layers = """
        set -e
        mkdir -p lower
        echo granted > lower/granted; chmod 640 lower/granted; setfacl -m u:nobody:r lower/granted
        echo denied > lower/denied; chmod 644 lower/denied; setfacl -m u:nobody:- lower/denied
        mkdir lower/gdir; echo in > lower/gdir/in; chmod 700 lower/gdir; setfacl -m u:nobody:rx lower/gdir
        echo w > lower/writable; chmod 644 lower/writable; setfacl -m u:nobody:rw lower/writable
        echo later > lower/later; chmod 600 lower/later
        mkdir lower/shared; chmod 755 lower/shared; setfacl -m u:nobody:rwx lower/shared
        echo g > lower/sgid; chown nobody:root lower/sgid; chmod 2775 lower/sgid
        """;

    /// <summary>Each line: the command, its exit status and the reason it printed (no paths).</summary>
    private const string AsNobody = """
        r() { out=$("$@" 2>&1 >/dev/null); echo "$* => $? ${out##*: }"; }
        r cat granted
        r cat denied
        r ls gdir
        r cat gdir/in
        r sh -c 'echo y >> writable'
        r cat later
        r touch shared/mine
        r setfacl -m u:daemon:r sgid
        """;

    private const string ChangeAsRoot = """
        set -e
        setfacl -m u:nobody:r later
        chmod 600 granted
        """;

    private const string AfterAsRoot = """
        getfacl -p granted denied gdir writable later shared shared/mine 2>&1
        stat -c '%n %a %U' granted denied writable later shared/mine sgid
        cat writable
        """;

    [SkippableFact]
    public void Acls_grant_and_refuse_through_union_as_through_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Sandbox.Run("chmod", "755", s.Root);
        var twin = new TwinMounts(s, Layers, ["lower"]);
        string Nobody(string mount) => Sandbox.RunAsNobody(mount, AsNobody);

        var kernel = Nobody(twin.Kernel);
        Assert.Equal(kernel, Nobody(twin.Union));
        Assert.Contains("cat granted => 0", kernel);
        Assert.Contains("cat denied => 1 Permission denied", kernel);
        Assert.Contains("ls gdir => 0", kernel);
        Assert.Contains("sh -c echo y >> writable => 0", kernel);
        Assert.Contains("touch shared/mine => 0", kernel);

        // Changed through the mount: setfacl grants, chmod narrows the ACL mask.
        twin.Same(ChangeAsRoot);
        kernel = Nobody(twin.Kernel);
        Assert.Equal(kernel, Nobody(twin.Union));
        Assert.Contains("cat later => 0", kernel);
        Assert.Contains("cat granted => 1 Permission denied", kernel);

        var after = twin.Same(AfterAsRoot);
        Assert.Contains("user:nobody:rw-", after);     // writable's ACL, copied up with its content
        Assert.Contains("w\ny", after);
        Assert.Contains("sgid 775 nobody", after);     // its owner set an ACL but is not in its group: setgid goes
    }

    [SkippableFact]
    public void With_noacl_the_kernel_checks_mode_bits_only()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Sandbox.Run("chmod", "755", s.Root);
        var built = Sandbox.Sh($"mkdir -p '{s.P("upper")}' '{s.P("work")}' '{s.P("m")}' && cd '{s.Root}' && {Layers}");
        Assert.True(built.Code == 0, built.Err);
        s.Mount(s.P("m"), "-o", $"lowerdir={s.P("lower")},upperdir={s.P("upper")},workdir={s.P("work")},noacl");
        var nobody = Sandbox.RunAsNobody(s.P("m"), AsNobody);
        Assert.Contains("cat granted => 1 Permission denied", nobody);   // the ACL entry for nobody is not read
        Assert.Contains("cat denied => 0", nobody);                      // nor is the one that refuses
    }
}
