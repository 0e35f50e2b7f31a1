// Copy-up runs outside the engine lock: one copy for many openers, other operations go on meanwhile, and unlink
// or rename racing the copy leave a consistent view. A GatedHost holds the data copy, so no test depends on timing.
namespace Union.Core.Tests.CopyUp;

using System.Text;
using static Union.Core.Tests.CopyUp.Concurrently;

public class ConcurrentCopyUpTests
{
    private const string Content = "lower content\n";

    private static string[] WorkEntries(LayerFixture f) =>
        Directory.GetFileSystemEntries(Path.Combine(f.Work, "union-work")).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void Many_concurrent_opens_of_one_lower_file_copy_it_once()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "d/big", new string('x', 1 << 20));
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong id = fs.Id("/d/big");
        var first = OpenForWrite(fs, id);
        host.AwaitCopyStarted();
        var others = Enumerable.Range(0, 7).Select(_ => OpenForWrite(fs, id)).ToArray();
        Assert.False(first.IsCompleted);
        Assert.Single(WorkEntries(f));   // the one temp, built while the openers wait
        host.Proceed.Release(100);       // enough for any extra copy, so a wrong engine fails on the count, not a hang

        var opened = others.Prepend(first).Select(Finish).ToArray();
        Assert.Equal(1, host.Copies);
        for (int i = 0; i < opened.Length; i++)
        {
            var (error, file) = opened[i];
            Assert.Equal(FsError.None, error);
            Assert.True(file!.InUpper);
            Assert.Equal(FsError.None, file.Write(Encoding.ASCII.GetBytes($"<{i}>"), i * 3, out _));
            file.Dispose();
        }
        // Every handle wrote into the same upper file.
        var upper = File.ReadAllText(Path.Combine(f.Upper, "d/big"));
        Assert.Equal(string.Concat(Enumerable.Range(0, 8).Select(i => $"<{i}>")), upper[..24]);
        Assert.Equal(1 << 20, upper.Length);
        Assert.Empty(WorkEntries(f));
    }

    [Fact]
    public void Other_operations_proceed_while_a_copy_up_is_in_flight()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "big", Content);
        f.File(f.Lower(0), "dir/other", "other");
        f.File(f.Lower(0), "gone", "x");
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong id = fs.Id("/big");
        var copying = OpenForWrite(fs, id);
        host.AwaitCopyStarted();

        // All of this needs the engine lock; with the copy holding it, this task would never finish.
        var meanwhile = Start(() =>
        {
            Assert.Equal(FsError.None, fs.Lookup(fs.Id("/dir"), "other", out var other, out _));
            fs.Forget(other, 1);
            Assert.Equal(["big", "dir", "gone"], fs.List("/"));
            Assert.Equal(Content.Length, fs.Stat("/big").Size);
            Assert.Equal(Content, fs.Read("/big"));   // readers keep the lower file until the copy is in place
            fs.Write("/new", "made meanwhile");
            Assert.Equal(FsError.None, fs.Unlink("/gone"));
            Assert.Equal(FsError.None, fs.Mkdir("/dir/sub"));
            return true;
        });
        Assert.True(Finish(meanwhile));
        Assert.False(copying.IsCompleted);
        Assert.False(File.Exists(Path.Combine(f.Upper, "big")));
        Assert.DoesNotContain(fs.List("/"), name => name.StartsWith('#'));

        host.Proceed.Release();
        var (error, file) = Finish(copying);
        Assert.Equal(FsError.None, error);
        file!.Dispose();
        Assert.Equal(Content, File.ReadAllText(Path.Combine(f.Upper, "big")));
        Assert.Equal(["big", "dir", "new"], fs.List("/"));
        Assert.Empty(WorkEntries(f));
    }

    [Fact]
    public void Unlink_during_copy_up_drops_the_copy()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "d/f", Content);
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong id = fs.Id("/d/f");
        var copying = OpenForWrite(fs, id);
        host.AwaitCopyStarted();
        Assert.Equal(FsError.None, fs.Unlink("/d/f"));
        host.Proceed.Release();

        var (error, file) = Finish(copying);
        Assert.Equal(FsError.NotFound, error);
        Assert.Null(file);
        Assert.False(fs.Exists("/d/f"));
        Assert.Empty(fs.List("/d"));
        Assert.False(File.Exists(Path.Combine(f.Upper, "d/f")));
        Assert.True(File.Exists(Path.Combine(f.Upper, "d/.wh.f")));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(f.Lower(0), "d/f")));
        Assert.Empty(WorkEntries(f));
    }

    [Fact]
    public void Rename_of_the_parent_during_copy_up_places_the_copy_under_the_new_name()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "d/f", Content);
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong id = fs.Id("/d/f");
        var copying = OpenForWrite(fs, id);
        host.AwaitCopyStarted();
        Assert.Equal(FsError.None, fs.Move("/d", "/e"));
        host.Proceed.Release();

        var (error, file) = Finish(copying);
        Assert.Equal(FsError.None, error);
        using (file) Assert.Equal(FsError.None, file!.Write("NEW"u8, 0, out _));
        Assert.False(fs.Exists("/d"));
        Assert.Equal("NEW" + Content[3..], fs.Read("/e/f"));
        Assert.Equal("NEW" + Content[3..], File.ReadAllText(Path.Combine(f.Upper, "e/f")));
        Assert.Empty(WorkEntries(f));
    }

    [Fact]
    public void Rename_of_the_file_waits_for_its_copy_up_and_moves_that_copy()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "d/f", Content);
        var host = new GatedHost { Hold = true };
        using var fs = f.Open(host);
        ulong id = fs.Id("/d/f");
        var copying = OpenForWrite(fs, id);
        host.AwaitCopyStarted();
        var (parent, _) = fs.Split("/d/f");
        var renaming = Start(() => fs.Rename(parent, "f", parent, "g", RenameFlags.None));
        host.Proceed.Release(100);

        Assert.Equal(FsError.None, Finish(renaming));
        var (error, file) = Finish(copying);
        Assert.Equal(FsError.None, error);
        file!.Dispose();
        Assert.Equal(1, host.Copies);
        Assert.Equal(["g"], fs.List("/d"));
        Assert.Equal(Content, File.ReadAllText(Path.Combine(f.Upper, "d/g")));
        Assert.Empty(WorkEntries(f));
    }

    [Fact]
    public void Rename_over_the_file_during_copy_up_drops_the_copy()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "f", Content);
        var host = new GatedHost();
        using var fs = f.Open(host);
        fs.Write("/x", "replacement");
        ulong id = fs.Id("/f");
        host.Hold = true;
        var copying = OpenForWrite(fs, id);
        host.AwaitCopyStarted();
        Assert.Equal(FsError.None, fs.Move("/x", "/f"));
        host.Proceed.Release();

        var (error, _) = Finish(copying);
        Assert.Equal(FsError.NotFound, error);
        Assert.Equal(["f"], fs.List("/"));
        Assert.Equal("replacement", fs.Read("/f"));
        Assert.Equal("replacement", File.ReadAllText(Path.Combine(f.Upper, "f")));
        Assert.Empty(WorkEntries(f));
    }
}
