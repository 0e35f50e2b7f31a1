// Permissions as an unprivileged user (nobody) through a root union mount (allow_other and default_permissions
// are on by default) and through kernel overlayfs over identical layers: the same refusals, the same successes,
// and the same setuid/setgid/security.capability clearing when that user writes. The same user as a member of a
// group then changes owners, times and xattrs, links, renames in a sticky directory and creates in a setgid one.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class PermissionTests
{
    private const string Layers = """
        set -e
        mkdir -p lower/sticky lower/mine
        echo secret > lower/secret; chmod 600 lower/secret
        echo ro > lower/ro; chmod 444 lower/ro
        chmod 1777 lower/sticky; echo r > lower/sticky/rootfile; chmod 666 lower/sticky/rootfile
        echo n > lower/sticky/theirs; chown nobody lower/sticky/theirs
        echo own > lower/mine/own; echo own2 > lower/mine/own2; chown -R nobody lower/mine
        echo s > lower/suid_open; chmod 6777 lower/suid_open
        echo s > lower/mine/suid_mine; chown nobody lower/mine/suid_mine; chmod 4755 lower/mine/suid_mine
        echo c > lower/capfile; chmod 666 lower/capfile
        setfattr -n security.capability -v 0x0100000200200000000000000000000000000000 lower/capfile
        """;

    /// <summary>Each line: the command, its exit status and the reason it printed (no paths).</summary>
    private const string AsNobody = """
        r() { out=$("$@" 2>&1 >/dev/null); echo "$* => $? ${out##*: }"; }
        r cat secret
        r cat ro
        r sh -c 'echo x >> ro'
        r chmod 777 ro
        r mkdir newdir
        r rm -f sticky/rootfile
        r touch sticky/mine
        r rm sticky/mine
        r rm sticky/theirs
        r sh -c 'echo y >> mine/own'
        r touch mine/new
        r rm mine/own2
        r sh -c 'echo w >> suid_open'
        r sh -c 'echo w >> mine/suid_mine'
        r sh -c 'echo w >> capfile'
        """;

    private const string AfterAsRoot = """
        stat -c '%n %a %U %s' secret ro sticky/* mine/* suid_open capfile
        getfattr --absolute-names -e hex -n security.capability capfile 2>&1 | grep -v '^#' | sed 's/.*: //'
        """;

    [SkippableFact]
    public void Nobody_gets_the_same_answers_from_union_as_from_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Sandbox.Run("chmod", "755", s.Root);
        var twin = new TwinMounts(s, Layers, ["lower"]);
        string Nobody(string mount) => Sandbox.RunAsNobody(mount, AsNobody);
        var kernel = Nobody(twin.Kernel);
        var union = Nobody(twin.Union);
        Assert.Equal(kernel, union);
        // The kernel's own answers are the intended ones: refused where not permitted, done where owned.
        Assert.Contains("cat secret => 1 Permission denied", kernel);
        Assert.Contains("sh -c echo x >> ro => 2 Permission denied", kernel);
        Assert.Contains("chmod 777 ro => 1 Operation not permitted", kernel);
        Assert.Contains("rm -f sticky/rootfile => 1 Operation not permitted", kernel);
        Assert.Contains("rm sticky/mine => 0", kernel);
        Assert.Contains("rm sticky/theirs => 0", kernel);
        Assert.Contains("rm mine/own2 => 0", kernel);
        var kernelAfter = twin.Same(AfterAsRoot);
        Assert.Contains("suid_open 777 root", kernelAfter);        // setuid and setgid gone after nobody's write
        Assert.Contains("mine/suid_mine 755 nobody", kernelAfter);
        Assert.Contains("No such attribute", kernelAfter);          // security.capability removed by the write
    }

    private const string SharedLayers = """
        set -e
        mkdir -p lower/shared lower/grp lower/ndir
        chmod 1777 lower/shared; echo r > lower/shared/rootf; chmod 666 lower/shared/rootf
        echo n > lower/shared/nobodyf; chown nobody lower/shared/nobodyf
        chgrp daemon lower/grp; chmod 2775 lower/grp; echo g > lower/grp/gf; chmod 664 lower/grp/gf
        echo o > lower/own; chown nobody lower/own; ln -s own lower/lnk
        echo x > lower/ndir/x; chown -R nobody lower/ndir
        """;

    /// <summary>Ownership, times, xattr namespaces, links, setgid directories and O_NOATIME, by a group member.</summary>
    private const string AsGroupMember = """
        r() { out=$("$@" 2>&1 >/dev/null); echo "$* => $? ${out##*: }"; }
        r chmod 4755 own
        r chown nobody:daemon own
        r chown daemon own
        r touch -d 2001-01-01 own
        r touch -d 2001-01-01 shared/rootf
        r touch shared/rootf
        r setfattr -n user.a -v 1 shared/rootf
        r setfattr -n trusted.a -v 1 own
        r ln own shared/hl
        r mv shared/rootf shared/moved
        r mv shared/nobodyf shared/nmoved
        r mv ndir ndir2
        r mkdir grp/sub
        r touch grp/newf
        r sh -c 'umask 0; mkdir -m 2777 grp/sgdir'
        r chmod g+s own
        r mknod shared/dev c 1 3
        r chown -h nobody lnk
        r python3 -c "import os; os.open('shared/rootf', os.O_RDONLY | os.O_NOATIME)"
        r rm -rf ndir
        stat -c '%n %a %U %G' own grp/* shared/* | sort
        """;

    [SkippableFact]
    public void A_group_member_gets_the_same_answers_from_union_as_from_kernel_overlayfs()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        Sandbox.Run("chmod", "755", s.Root);
        var twin = new TwinMounts(s, SharedLayers, ["lower"]);
        string Member(string mount) => Sandbox.RunAsNobody(mount, AsGroupMember, groups: "--groups=1");
        var kernel = Member(twin.Kernel);
        Assert.Equal(kernel, Member(twin.Union));
        Assert.Contains("chown daemon own => 1 Operation not permitted", kernel);
        Assert.Contains("touch -d 2001-01-01 shared/rootf => 1 Operation not permitted", kernel);
        Assert.Contains("mv shared/rootf shared/moved => 1 Operation not permitted", kernel);   // sticky
        Assert.Contains("grp/sgdir 2777 nobody daemon", kernel);   // setgid directory: group and setgid inherited
        Assert.Contains("grp/newf 644 nobody daemon", kernel);
    }
}
