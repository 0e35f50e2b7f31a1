// The shrunk repros of what the model test found, kept as fixed cases (and a few corners random runs rarely hit).
namespace Union.Core.Tests.Model;

public class ModelRegressionTests
{
    private static LayerItem File(string path, string content = "x") => new(path, ItemKind.File, content, 0x1A4, false, false, null);
    private static LayerItem Dir(string path, bool opaque = false) => new(path, ItemKind.Dir, "", 0x1ED, opaque, false, null);
    private static LayerItem Symlink(string path, string target) => new(path, ItemKind.Symlink, target, 0, false, false, null);
    private static LayerItem Whiteout(string path, bool chr) => new(path, chr ? ItemKind.CharWhiteout : ItemKind.OciWhiteout, "", 0, false, false, null);

    private static void Check(WhiteoutFormat format, LayerItem[][] layers, params Op[] ops)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs root on Linux (mknod c 0 0)");
        var spec = new LayerSpec();
        foreach (var layer in layers) spec.Layers.Add([.. layer]);
        var failure = ModelRun.Execute(seed: 0, format, spec, [.. ops]);
        Assert.True(failure is null, failure is null ? "" : $"{failure.Kind} at step {failure.Step}: {failure.Message}\n{spec}");
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Readdir_inode_of_a_copied_up_directory_equals_its_stat_inode(WhiteoutFormat format) =>
        Check(format, [[Dir("c"), File("c/f")], [Dir("c"), File("c/g")]], new ChmodOp("/c", 0x1C0));

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Link_of_a_directory_onto_an_existing_name_is_EEXIST(WhiteoutFormat format) =>
        Check(format, [[Dir("d"), File("f")], [File("g")]], new LinkOp("/d", "/f"), new LinkOp("/d", "/e"));

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Rename_onto_an_ancestor_is_ENOTEMPTY(WhiteoutFormat format) =>
        Check(format, [[Dir("d"), File("d/f")], [File("g")]], new RenameOp("/d/f", "/d", RenameFlags.None));

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void A_copied_up_symlink_keeps_its_inode_number(WhiteoutFormat format) =>
        Check(format, [[Symlink("s", "t")], [File("g")]], new ChmodOp("/s", 0x124), new RemountOp(), new LinkOp("/s", "/t"));

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci, false)]
    [InlineData(WhiteoutFormat.Oci, true)]
    [InlineData(WhiteoutFormat.Overlay, false)]
    [InlineData(WhiteoutFormat.Overlay, true)]
    public void A_renamed_directory_does_not_show_what_a_whiteout_hid_below_it(WhiteoutFormat format, bool chr) =>
        Check(format, [[Dir("b"), File("b/kept")], [Whiteout("b", chr)], [Dir("b"), Dir("b/c"), File("b/c/x")]],
            new RenameOp("/b", "/d", RenameFlags.None), new RemountOp());

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void A_renamed_directory_does_not_show_what_a_file_or_symlink_hid_below_it(WhiteoutFormat format) =>
        Check(format, [[Dir("a"), File("a/kept"), Dir("b")], [File("a"), Symlink("b", "x")], [Dir("a"), File("a/c"), Dir("b"), File("b/c")]],
            new RenameOp("/a", "/c", RenameFlags.None), new RenameOp("/b", "/a", RenameFlags.Exchange), new RemountOp());

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Renaming_one_hard_link_onto_another_changes_nothing(WhiteoutFormat format) =>
        Check(format, [[File("a", "A")], [File("z")]], new LinkOp("/a", "/b"), new RenameOp("/a", "/b", RenameFlags.None),
            new RemountOp(), new RenameOp("/b", "/a", RenameFlags.None), new WriteOp("/a", -1, "more"));
}
