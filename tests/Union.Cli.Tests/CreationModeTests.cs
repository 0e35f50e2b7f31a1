// The mode of a new entry is the caller's: its requested mode less the caller's umask, or, in a directory with a
// default ACL, what that ACL makes of it (the umask then does not apply). Never the daemon's own umask. Checked
// against kernel overlayfs over identical layers, with a daemon started under a umask no caller uses.
namespace Union.Cli.Tests;

[Collection("mounts")]
public class CreationModeTests
{
    private const string Layers = """
        set -e
        mkdir -p lower/plain lower/inherit lower/gone
        setfacl -d -m u:nobody:rwx,g::r-x,o::- lower/inherit
        echo old > lower/gone/again
        echo old > lower/inherit/again; mkdir lower/inherit/olddir
        """;

    /// <summary>New files, directories, fifos and device nodes under three umasks, beside lower entries and over deleted ones.</summary>
    private const string Create = """
        set -e
        for u in 002 022 077; do
            (umask $u
             touch plain/f$u inherit/f$u
             mkdir plain/d$u inherit/d$u
             mkfifo plain/p$u inherit/p$u
             mknod plain/c$u c 1 3
             python3 -c "import os; os.close(os.open('plain/x$u', os.O_CREAT | os.O_WRONLY, 0o777))")
        done
        mkdir fresh; setfacl -d -m g::rwx fresh
        (umask 077; touch fresh/x; mkdir fresh/y)
        rm gone/again; (umask 002; touch gone/again)
        rm inherit/again; rmdir inherit/olddir; (umask 077; touch inherit/again; mkdir inherit/olddir)
        """;

    private const string Report = """
        stat -c '%n %a' plain/* inherit/* fresh/* gone/*
        find plain inherit fresh | sort | xargs getfacl -p 2>&1
        """;

    [SkippableFact]
    public void New_entries_take_the_callers_umask_or_the_parents_default_acl()
    {
        Sandbox.RequireFuse();
        using var s = new Sandbox();
        // The daemon inherits this umask; what it creates for callers must not.
        var twin = new TwinMounts(s, Layers, ["lower"], daemonUmask: "027");
        twin.Same(Create);
        var report = twin.Same(Report);
        // The kernel's own answers are the intended ones.
        Assert.Contains("plain/f002 664", report);
        Assert.Contains("plain/d077 700", report);
        Assert.Contains("plain/x002 775", report);
        Assert.Contains("inherit/f077 660", report);      // the default ACL, not the umask (077)
        Assert.Contains("gone/again 664", report);        // created over a whiteout
        Assert.Contains("inherit/again 660", report);     // over a whiteout, under the default ACL
        Assert.Contains("user:nobody:rwx", report);
    }
}
