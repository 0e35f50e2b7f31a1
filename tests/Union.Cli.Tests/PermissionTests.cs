// Permissions as an unprivileged user (nobody) through a root union mount (allow_other and default_permissions
// are on by default) and through kernel overlayfs over identical layers: the same refusals, the same successes,
// and the same setuid/setgid/security.capability clearing when that user writes.
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
        string Nobody(string mount) =>
            Sandbox.Run("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "bash", "-c", $"cd '{mount}' && {AsNobody}").Out;
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
}
