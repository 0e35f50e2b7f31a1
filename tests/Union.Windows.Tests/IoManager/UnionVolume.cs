// A union over real temp directories (two lowers, upper, work), the Dokan adapter over it and the I/O manager
// model in front: what a Windows program would see on the mounted drive, and the layers on disk behind it.
using System.Text;
using Union.Core;

namespace Union.Windows.Tests.IoManager;

internal sealed class UnionVolume : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("union-win-").FullName;

    private readonly string? scratch;

    private readonly bool portableHost;

    /// <param name="upperBytes">When set, upper and work live on a tmpfs of that size (root only): a disk that fills.</param>
    /// <param name="portableHost">The engine on the System.IO host, as on Windows (no xattrs), instead of LinuxHost.</param>
    public UnionVolume(Action<UnionVolume>? layers = null, bool caseInsensitive = false, bool readOnly = false, long? upperBytes = null,
        bool portableHost = false)
    {
        this.portableHost = portableHost;
        if (upperBytes is { } size)
        {
            scratch = Directory.CreateDirectory(Path.Combine(root, "scratch")).FullName;
            Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", scratch);
        }
        Directory.CreateDirectory(Lower0);
        Directory.CreateDirectory(Lower1);
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        layers?.Invoke(this);
        Union = Open(new UnionOptions
        {
            Lowers = [Lower0, Lower1],
            Upper = readOnly ? null : Upper,
            Work = readOnly ? null : Work,
            CaseInsensitive = caseInsensitive,
        });
        Adapter = new UnionDokanAdapter(Union, new UnionDokanOptions { Trace = Traces.Add });
        Io = new IoManager(Adapter, caseInsensitive);
    }

    // The topmost lower layer.
    public string Lower0 => Path.Combine(root, "lower0");

    public string Lower1 => Path.Combine(root, "lower1");

    public string Upper => Path.Combine(scratch ?? root, "upper");

    public string Work => Path.Combine(scratch ?? root, "work");

    public UnionFileSystem Union { get; private set; }

    public UnionDokanAdapter Adapter { get; private set; }

    public IoManager Io { get; private set; }

    /// <summary>
    /// What a restart after a crash sees: a new engine, adapter and I/O manager over the same layers, while the old
    /// ones are abandoned mid-use (no Cleanup, no Close, nothing disposed), as a killed process leaves them.
    /// </summary>
    public void Restart(bool caseInsensitive = false)
    {
        Union = Open(new UnionOptions { Lowers = [Lower0, Lower1], Upper = Upper, Work = Work, CaseInsensitive = caseInsensitive });
        Adapter = new UnionDokanAdapter(Union, new UnionDokanOptions { Trace = Traces.Add });
        Io = new IoManager(Adapter, caseInsensitive);
    }

    private UnionFileSystem Open(UnionOptions options) =>
        portableHost ? UnionFileSystem.Open(options, new Union.Core.Host.Portable.PortableHost()) : UnionFileSystem.Open(options);

    /// <summary>Remounts the scratch filesystem under upper and work read-only (or back), as a failing disk does.</summary>
    public void UpperReadOnly(bool readOnly) => Run("mount", "-o", readOnly ? "remount,ro" : "remount,rw", scratch!);

    private static void Run(params string[] command)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(command[0]) { RedirectStandardError = true };
        foreach (var a in command[1..]) psi.ArgumentList.Add(a);
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', command)}: {p.StandardError.ReadToEnd()}");
    }

    public List<string> Traces { get; } = [];

    public static void File(string layer, string path, string content = "")
    {
        var full = Path.Combine(layer, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    public static void Dir(string layer, string path) => Directory.CreateDirectory(Path.Combine(layer, path));

    public string UpperText(string path) => System.IO.File.ReadAllText(Path.Combine(Upper, path));

    public bool InUpper(string path) => Path.Exists(Path.Combine(Upper, path));

    // The upper layer's entries below a directory, as sorted relative paths (what the union wrote).
    public string[] UpperTree(string under = "") =>
        Directory.EnumerateFileSystemEntries(Path.Combine(Upper, under), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Upper, p))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public void Dispose()
    {
        Io.Dispose();
        Union.Dispose();
        if (scratch is not null) Run("umount", "-l", scratch);
        Directory.Delete(root, recursive: true);
    }
}
