// Applying layers to plain directories: commit one upper into a directory, or squash a stack into one.
namespace Union.Core.Commit;

/// <summary>Offline application of layers; every write is fd-relative and no-follow, every file lands atomically.</summary>
public static class LayerChanges
{
    /// <summary>
    /// Applies <paramref name="upper"/> to <paramref name="into"/> (the lower it was made over, or a copy): whiteouts
    /// delete, opaque directories replace, renamed directories move. Idempotent, so re-running after an interruption
    /// finishes the job. With <paramref name="dryRun"/> nothing is written; <paramref name="report"/> hears each step
    /// ("write /a", "delete /b", "mkdir /d", "move /x -> /y"); <paramref name="progress"/> hears (done, total) entries.
    /// </summary>
    public static void Commit(string upper, string into, bool dryRun = false, Action<string>? report = null,
        Action<long, long>? progress = null)
    {
        using var commit = new LayerCommit(upper, into, dryRun, report, progress);
        commit.Run();
    }

    /// <summary>
    /// Flattens <paramref name="lowers"/> (topmost first) into <paramref name="into"/>, which must be empty: each
    /// layer is committed over the ones below it, bottom first, so whiteouts and opaque directories act as in a mount.
    /// </summary>
    public static void Squash(IReadOnlyList<string> lowers, string into, Action<long, long>? progress = null)
    {
        Directory.CreateDirectory(into);
        if (Directory.EnumerateFileSystemEntries(into).Any())
            throw new FsException(FsError.NotEmpty, $"'{Path.GetFullPath(into)}' is not empty: squash into an empty directory");
        for (int i = lowers.Count - 1; i >= 0; i--) Commit(lowers[i], into, progress: progress);
    }
}
