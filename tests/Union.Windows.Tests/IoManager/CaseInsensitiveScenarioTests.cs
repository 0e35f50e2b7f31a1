// Case variants of names across layers, as Windows programs produce them on a case-insensitive volume.
// They need the engine's case-insensitive mode (UnionOptions.CaseInsensitive folding lookups in every layer);
// until the engine has it they skip with that reason, and they run unchanged as soon as it does.
using Union.Core;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed class CaseInsensitiveScenarioTests
{
    private static readonly Lazy<bool> EngineFoldsCase = new(ProbeEngine);

    [SkippableFact]
    public void The_topmost_spelling_shadows_every_case_variant_below()
    {
        RequireCaseFolding();
        using var v = new UnionVolume(l =>
        {
            File(l.Lower1, "ReadMe.md", "old");
            File(l.Lower0, "README.md", "new");
        }, caseInsensitive: true);

        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\*", out var entries));
        Assert.Equal("README.md", Assert.Single(entries).Name);
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\readme.MD", out var text));
        Assert.Equal("new", text);
        Assert.Empty(v.UpperTree());
    }

    [SkippableFact]
    public void Writing_another_spelling_overwrites_the_lower_file_and_keeps_its_spelling()
    {
        RequireCaseFolding();
        using var v = new UnionVolume(l => File(l.Lower1, "src/ReadMe.md", "old"), caseInsensitive: true);

        Assert.Equal(Win32Error.Success, v.Io.WriteAllBytes(@"\SRC\README.MD", Bytes("new")));

        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\src\*", out var entries));
        Assert.Equal([".", "..", "ReadMe.md"], entries.Select(e => e.Name).ToArray());
        Assert.Equal(["src", Path.Combine("src", "ReadMe.md")], v.UpperTree());
        Assert.Equal("new", v.UpperText("src/ReadMe.md"));
    }

    [SkippableFact]
    public void Deleting_by_another_spelling_whites_out_the_entry()
    {
        RequireCaseFolding();
        using var v = new UnionVolume(l => File(l.Lower0, "Data.BIN", "d"), caseInsensitive: true);

        Assert.Equal(Win32Error.Success, v.Io.DeleteFile(@"\data.bin"));

        Assert.Equal(Win32Error.FileNotFound, v.Io.GetFileAttributes(@"\DATA.BIN", out _));
        Assert.Equal([".wh.Data.BIN"], v.UpperTree());
    }

    [SkippableFact]
    public void A_case_only_rename_changes_the_spelling()
    {
        RequireCaseFolding();
        using var v = new UnionVolume(l => File(l.Lower0, "notes.txt", "n"), caseInsensitive: true);

        Assert.Equal(Win32Error.Success, v.Io.MoveFileEx(@"\notes.txt", @"\NOTES.txt", replaceExisting: false));

        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\*", out var entries));
        Assert.Equal("NOTES.txt", Assert.Single(entries).Name);
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\notes.TXT", out var text));
        Assert.Equal("n", text);
        Assert.Contains("NOTES.txt", v.UpperTree());
    }

    [SkippableFact]
    public void Creating_a_new_name_collides_with_any_existing_spelling()
    {
        RequireCaseFolding();
        using var v = new UnionVolume(l => Dir(l.Lower0, "Docs"), caseInsensitive: true);

        Assert.Equal(Win32Error.AlreadyExists, v.Io.CreateDirectory(@"\DOCS"));
        Assert.Equal(Win32Error.Success, v.Io.WriteAllBytes(@"\docs\a.txt", Bytes("a")));
        Assert.Equal(["Docs", Path.Combine("Docs", "a.txt")], v.UpperTree());
    }

    private static void RequireCaseFolding() =>
        Skip.IfNot(EngineFoldsCase.Value, "the engine's UnionOptions.CaseInsensitive does not fold lookups yet (branch engine-casefold)");

    // Does a lookup of "PROBE" find a lower "Probe"? That is the whole capability these tests rely on.
    private static bool ProbeEngine()
    {
        var root = Directory.CreateTempSubdirectory("union-case-").FullName;
        try
        {
            File(root, "lower/Probe", "p");
            using var union = UnionFileSystem.Open(new UnionOptions { Lowers = [Path.Combine(root, "lower")], CaseInsensitive = true });
            var error = union.Lookup(UnionFileSystem.RootId, "PROBE", out var id, out _);
            union.Forget(id, 1);
            return error == FsError.None;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
