// What a lookup and a create cost in stat calls: no whiteout probe where nothing lies below, no second stat of what was
// just found, and after a merged listing, straight to the layer that holds the name (lowers never change).
namespace Union.Core.Tests;

using Union.Core.Tests.CopyUp;

public class LookupCostTests
{
    private const ulong Root = UnionFileSystem.RootId;

    private static LayerFixture Layers()
    {
        var f = new LayerFixture(2);
        f.File(f.Lower(0), "d/top.txt", "top");
        f.File(f.Lower(1), "d/deep.txt", "deep");
        return f;
    }

    [Fact]
    public void A_cold_lookup_probes_each_layer_once_and_the_bottom_one_for_no_whiteout()
    {
        using var f = Layers();
        var host = new GatedHost();
        using var fs = f.Open(host);
        Assert.Equal(FsError.None, fs.Lookup(Root, "d", out var d, out _));
        host.Stats = 0;
        Assert.Equal(FsError.None, fs.Lookup(d, "deep.txt", out _, out var attributes));
        // lower0: the name, then its .wh. name; lower1: the name, which is the answer (no restat, no .wh. probe).
        Assert.Equal(3, host.Stats);
        Assert.Equal(4, attributes.Size);
    }

    [Fact]
    public void After_a_listing_a_lookup_goes_straight_to_the_layer_that_holds_the_name()
    {
        using var f = Layers();
        var host = new GatedHost();
        using var fs = f.Open(host);
        Assert.Equal(FsError.None, fs.Lookup(Root, "d", out var d, out _));
        Assert.Equal(FsError.None, fs.ReadDirectory(d, exactInodes: false, out var listing));
        Assert.Equal(["deep.txt", "top.txt"], listing!.Entries.Select(e => e.Name).Order());
        host.Stats = 0;
        Assert.Equal(FsError.None, fs.Lookup(d, "deep.txt", out _, out var attributes));
        Assert.Equal(1, host.Stats);
        Assert.Equal(4, attributes.Size);
        // The hint is used once; a name created meanwhile in the upper still wins over a hint (the upper is checked).
        Assert.Equal(FsError.None, fs.Remove(d, "deep.txt", directory: false));
        Assert.Equal(FsError.NotFound, fs.Lookup(d, "deep.txt", out _, out _));
    }

    [Fact]
    public void Creating_a_new_name_in_an_upper_only_directory_stats_only_the_new_file()
    {
        using var f = Layers();
        var host = new GatedHost();
        using var fs = f.Open(host);
        Assert.Equal(FsError.None, fs.CreateDirectory(Root, "fresh", 0x1ED, new Caller(0, 0), out var dir, out _));
        host.Stats = 0;
        Assert.Equal(FsError.None, fs.CreateFile(dir, "new.txt", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0),
            out _, out var attributes, out var file));
        file!.Write("kept"u8, 0, out _);
        file.Dispose();
        // Nothing lies below, so the exclusive create alone tells whether the name is taken (or a whiteout stands
        // there): the only stat is of the new file's own attributes.
        Assert.Equal(1, host.Stats);
        Assert.Equal(0, attributes.Size);

        // A taken name is still refused, and what holds it stays as it was.
        Assert.Equal(FsError.Exists, fs.CreateFile(dir, "new.txt", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0),
            out _, out _, out _));
        Assert.Equal(FsError.Exists, fs.CreateDirectory(dir, "new.txt", 0x1ED, new Caller(0, 0), out _, out _));
        Assert.Equal(FsError.None, fs.Lookup(dir, "new.txt", out _, out var kept));
        Assert.Equal(4, kept.Size);
    }

    [Fact]
    public void Creating_a_new_name_in_a_merged_directory_asks_the_layers_first()
    {
        using var f = Layers();
        var host = new GatedHost();
        using var fs = f.Open(host);
        host.Stats = 0;
        Assert.Equal(FsError.None, fs.CreateFile(Root, "new.txt", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0),
            out _, out _, out var file));
        file!.Dispose();
        // Whether the name is free: the upper (name, .wh. name), lower0 (the same), lower1 (name). Then whether an
        // OCI whiteout must be swapped out, and the new file's attributes.
        Assert.Equal(7, host.Stats);
    }
}
