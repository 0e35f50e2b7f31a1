// A fresh upper for one run: a temp folder holding upper/, work/ and an empty mountpoint merged/, removed on
// dispose unless kept. With a given upper, only the work and mount folders are made (beside it / in temp).
namespace Union.Core.Layers;

/// <summary>Temporary upper, work and mountpoint directories for a throwaway union over pristine layers.</summary>
public sealed class ScratchUpper : IDisposable
{
    private readonly string _root;
    private readonly string? _workBeside;
    private int _disposed;

    private ScratchUpper(string root, string upper, string work, string? workBeside)
    {
        _root = root;
        Upper = upper;
        Work = work;
        _workBeside = workBeside;
        MountPoint = Directory.CreateDirectory(Path.Combine(root, MountPointName)).FullName;
    }

    /// <summary>The temp folders' name prefix; each holds its mountpoint as <see cref="MountPointName"/>.</summary>
    public const string TempPrefix = "union-run-";
    public const string MountPointName = "merged";

    public string Upper { get; }
    public string Work { get; }
    /// <summary>An empty directory to mount the union on.</summary>
    public string MountPoint { get; }
    /// <summary>Keep the upper on dispose (its path is then the caller's to report); work and mountpoint still go.</summary>
    public bool Keep { get; set; }
    /// <summary>Whether the upper is a temp one this object made (and removes unless kept).</summary>
    public bool IsTemporary => _workBeside is null;

    /// <summary>
    /// Makes the folders. A given <paramref name="upper"/> (created if missing) gets a work directory beside it,
    /// since work must share the upper's filesystem.
    /// </summary>
    public static ScratchUpper Create(string? upper = null)
    {
        var root = Directory.CreateTempSubdirectory(TempPrefix).FullName;
        if (upper is null)
            return new ScratchUpper(root, Directory.CreateDirectory(Path.Combine(root, "upper")).FullName,
                Directory.CreateDirectory(Path.Combine(root, "work")).FullName, null);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(upper));
        Directory.CreateDirectory(full);
        var work = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.union-work-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        return new ScratchUpper(root, full, work, work);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (_workBeside is not null) Delete(_workBeside);
        if (Keep && IsTemporary)
        {
            Delete(Work);
            Delete(MountPoint);
            return;
        }
        Delete(_root);
    }

    /// <summary>Removes a tree without following symlinks (Directory.Delete unlinks them).</summary>
    private static void Delete(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
