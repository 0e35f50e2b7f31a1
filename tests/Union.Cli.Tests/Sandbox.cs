// A temp folder with layers and a mountpoint, the real `union` binary, and shell helpers for end-to-end tests.
// Mounted tests never skip in CI (CI=true): a missing /dev/fuse there is a failure.
namespace Union.Cli.Tests;

using System.Diagnostics;

public sealed class Sandbox : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("union-e2e-").FullName;
    public static string Binary => Path.Combine(AppContext.BaseDirectory, "union");
    private readonly List<string> _mounts = [];

    public string P(string relative) => Path.Combine(Root, relative);

    public string Dir(string relative) => Directory.CreateDirectory(P(relative)).FullName;

    public void File(string relative, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(P(relative))!);
        System.IO.File.WriteAllText(P(relative), content);
    }

    public static void RequireFuse()
    {
        bool available = System.IO.File.Exists("/dev/fuse") && Environment.UserName == "root";
        if (Environment.GetEnvironmentVariable("CI") == "true")
            Assert.True(available, "mounted tests need /dev/fuse and root in CI");
        Skip.IfNot(available, "needs /dev/fuse and root");
    }

    public (int Code, string Out, string Err) Union(params string[] args) => Run(Binary, args);

    public void Mount(string mountPoint, params string[] args) => MountUnderUmask(null, mountPoint, args);

    /// <summary>Mounts with the daemon started under <paramref name="umask"/> (octal), or this process's if null.</summary>
    public void MountUnderUmask(string? umask, string mountPoint, params string[] args)
    {
        var result = umask is null
            ? Union(["mount", .. args, mountPoint])
            : Run("bash", ["-c", $"umask {umask} && exec \"$0\" \"$@\"", Binary, "mount", .. args, mountPoint]);
        Assert.True(result.Code == 0, $"union mount failed ({result.Code}): {result.Err}");
        _mounts.Add(mountPoint);
    }

    public void KernelOverlay(string mountPoint, string options)
    {
        var result = Run("mount", "-t", "overlay", "overlay", "-o", options, mountPoint);
        Assert.True(result.Code == 0, $"kernel overlay mount failed: {result.Err}");
        _mounts.Add(mountPoint);
    }

    public void Unmount(string mountPoint)
    {
        var result = Run("umount", mountPoint);
        Assert.True(result.Code == 0, $"umount failed: {result.Err}");
        _mounts.Remove(mountPoint);
        WaitUntilGone(mountPoint);
    }

    private static void WaitUntilGone(string mountPoint)
    {
        for (int i = 0; i < 100 && System.IO.File.ReadAllText("/proc/self/mounts").Contains(" " + mountPoint + " "); i++)
            Thread.Sleep(20);
    }

    public static (int Code, string Out, string Err) Sh(string script) => Run("bash", "-c", script);

    /// <summary>Runs a bash script in <paramref name="dir"/> as nobody (uid and gid 65534); its output.</summary>
    /// <param name="groups">setpriv's supplementary groups: none by default.</param>
    public static string RunAsNobody(string dir, string script, string groups = "--clear-groups") =>
        Run("setpriv", "--reuid=65534", "--regid=65534", groups, "bash", "-c", $"cd '{dir}' && {script}").Out;

    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException($"{file} {string.Join(' ', args)}"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A listing of a tree that two filesystems must agree on: type, path, size, mode, content hash.</summary>
    public static string Tree(string dir) =>
        Sh($"cd '{dir}' && find . -mindepth 1 -printf '%y %p %s %m %l\\n' | sort && find . -type f -print0 | sort -z | xargs -0 -r md5sum").Out;

    public void Dispose()
    {
        foreach (var m in _mounts) Run("umount", "-l", m);
        Sh($"rm -rf '{Root}'");
    }
}
