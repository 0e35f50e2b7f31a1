// Builds real layer directories in a temp folder for engine tests, and opens a union over them.
namespace Union.Core.Tests;

using System.Diagnostics;
using Union.Core.Host;
using Union.Core.Host.Linux;
using Union.Core.Host.Portable;

/// <summary>Which host implementation a union under test runs on.</summary>
public enum HostKind { Linux, Portable }

public sealed class LayerFixture : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("union-core-").FullName;
    public string Upper => Path.Combine(Root, "upper");
    public string Work => Path.Combine(Root, "work");
    public string Lower(int i) => Path.Combine(Root, $"lower{i}");

    public HostKind Host { get; }

    public LayerFixture(int lowers = 2, HostKind host = HostKind.Linux)
    {
        Host = host;
        for (int i = 0; i < lowers; i++) Directory.CreateDirectory(Lower(i));
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        LowerCount = lowers;
    }

    public int LowerCount { get; }

    public void File(string layerDir, string path, string content = "")
    {
        var full = Path.Combine(layerDir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    public void Dir(string layerDir, string path) => Directory.CreateDirectory(Path.Combine(layerDir, path));

    public void OciWhiteout(string layerDir, string path)
    {
        var dir = Path.GetDirectoryName(path) ?? "";
        File(layerDir, Path.Combine(dir, ".wh." + Path.GetFileName(path)));
    }

    public void CharWhiteout(string layerDir, string path)
    {
        var full = Path.Combine(layerDir, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        Run("mknod", full, "c", "0", "0");
    }

    /// <summary>A fresh host per mount, as a new process would have.</summary>
    public IHostFileSystem NewHost() => Host == HostKind.Linux ? new LinuxHost() : new PortableHost();

    public UnionFileSystem Open(WhiteoutFormat format = WhiteoutFormat.Oci, bool readOnly = false, bool caseInsensitive = false) =>
        UnionFileSystem.Open(Options(format, readOnly, caseInsensitive), NewHost());

    /// <summary>A union over these layers on another host (a test double around the real one).</summary>
    public UnionFileSystem Open(IHostFileSystem host) => UnionFileSystem.Open(Options(), host);

    public UnionOptions Options(WhiteoutFormat format = WhiteoutFormat.Oci, bool readOnly = false, bool caseInsensitive = false) => new()
    {
        Lowers = Enumerable.Range(0, LowerCount).Select(Lower).ToList(),
        Upper = readOnly ? null : Upper,
        Work = readOnly ? null : Work,
        WhiteoutFormat = format,
        CaseInsensitive = caseInsensitive,
    };

    public static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {p.StandardError.ReadToEnd()}");
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
