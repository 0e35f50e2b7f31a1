// A union over real temp directories (two lowers, upper, work), the Dokan adapter over it and the I/O manager
// model in front: what a Windows program would see on the mounted drive, and the layers on disk behind it.
using System.Text;
using Union.Core;

namespace Union.Windows.Tests.IoManager;

internal sealed class UnionVolume : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("union-win-").FullName;

    public UnionVolume(Action<UnionVolume>? layers = null, bool caseInsensitive = false, bool readOnly = false)
    {
        Directory.CreateDirectory(Lower0);
        Directory.CreateDirectory(Lower1);
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        layers?.Invoke(this);
        Union = UnionFileSystem.Open(new UnionOptions
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

    public string Upper => Path.Combine(root, "upper");

    public string Work => Path.Combine(root, "work");

    public UnionFileSystem Union { get; }

    public UnionDokanAdapter Adapter { get; }

    public IoManager Io { get; }

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
        Directory.Delete(root, recursive: true);
    }
}
