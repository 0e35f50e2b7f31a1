// Identical layers built twice, one copy under kernel overlayfs (k/m), the other under a union mount (u/m), so a
// test can do the same thing through both and compare.
namespace Union.Cli.Tests;

public sealed class TwinMounts
{
    private readonly Sandbox _s;

    public string Kernel => _s.P("k/m");
    public string Union => _s.P("u/m");

    /// <summary>
    /// Runs <paramref name="layers"/> (bash) in k/ and in u/; it must create the <paramref name="lowers"/> (topmost
    /// first) and may put anything else there. upper, work and m are made here. The union's daemon starts under
    /// <paramref name="daemonUmask"/> when one is given.
    /// </summary>
    public TwinMounts(Sandbox s, string layers, string[] lowers, string kernelOptions = "", string unionOptions = "",
        string? daemonUmask = null)
    {
        _s = s;
        foreach (var side in new[] { "k", "u" })
        {
            var built = Sandbox.Sh($"mkdir -p '{s.P(side)}/upper' '{s.P(side)}/work' '{s.P(side)}/m' && cd '{s.P(side)}' && {layers}");
            Assert.True(built.Code == 0, built.Err);
        }
        string Options(string side) =>
            $"lowerdir={string.Join(':', lowers.Select(l => s.P(side + "/" + l)))},upperdir={s.P(side + "/upper")},workdir={s.P(side + "/work")}";
        s.KernelOverlay(Kernel, Options("k") + kernelOptions);
        s.MountUnderUmask(daemonUmask, Union, "-o", Options("u") + unionOptions);
    }

    /// <summary>Runs a bash script with the mount as its working directory, in both; returns both outputs.</summary>
    public (string Kernel, string Union) Both(string script) =>
        (Sandbox.Sh($"cd '{Kernel}' && {script}").Out, Sandbox.Sh($"cd '{Union}' && {script}").Out);

    /// <summary>Runs a script in both and asserts both print the same; returns the union's output.</summary>
    public string Same(string script)
    {
        var (kernel, union) = Both(script);
        Assert.Equal(kernel, union);
        return union;
    }

    /// <summary>Both merged trees (type, path, size, mode, link target, content hash) must agree, but for excluded paths (find -path patterns).</summary>
    public void AssertSameTree(params string[] excludePaths)
    {
        string exclude = string.Concat(excludePaths.Select(n => $" ! -path '{n}'"));
        string Tree(string dir) => Sandbox.Sh(
            $"cd '{dir}' && find . -mindepth 1{exclude} \\( -type d -printf '%y %p - %m\\n' -o -printf '%y %p %s %m %l\\n' \\) | sort && " +
            $"find . -type f{exclude} -print0 | sort -z | xargs -0 -r md5sum").Out;
        var kernel = Tree(Kernel).Split('\n');
        var union = Tree(Union).Split('\n');
        var differences = kernel.Except(union).Select(l => "kernel only: " + l)
            .Concat(union.Except(kernel).Select(l => "union only:  " + l)).ToList();
        Assert.True(differences.Count == 0, "merged trees differ:\n" + string.Join('\n', differences));
    }
}
