// Names that could escape a layer or forge a marker, through every engine entry point that takes one: refused
// with the errno Linux gives, and nothing changes on disk.
namespace Union.Core.Tests.Reliability;

public class HostileNameTests
{
    public static TheoryData<string, FsError> Hostile => new()
    {
        { "a/b", FsError.InvalidArgument },
        { "../escape", FsError.InvalidArgument },
        { "a\0b", FsError.InvalidArgument },
        { ".", FsError.InvalidArgument },
        { "..", FsError.InvalidArgument },
        { "", FsError.InvalidArgument },
        { new string('x', 256), FsError.NameTooLong },
        { new string('é', 128), FsError.NameTooLong },   // 128 characters, 256 UTF-8 bytes
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Every_entry_point_refuses_the_name_and_writes_nothing(string name, FsError expected)
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "dir/file", "lower");
        var before = Snapshot(f);
        using (var fs = f.Open())
        {
            ulong dir = fs.Id("/dir"), file = fs.Id("/dir/file");
            var caller = new Caller(0, 0);
            Assert.Equal(expected, fs.Lookup(dir, name, out _, out _));
            Assert.Equal(expected, fs.CreateFile(dir, name, OpenMode.ReadWrite, 0x1A4, caller, out _, out _, out var created));
            created?.Dispose();
            Assert.Equal(expected, fs.CreateDirectory(dir, name, 0x1ED, caller, out _, out _));
            Assert.Equal(expected, fs.CreateSymlink(dir, name, "/etc/passwd", caller, out _, out _));
            Assert.Equal(expected, fs.CreateNode(dir, name, 0x1000 | 0x1A4, 0, caller, out _, out _));
            Assert.Equal(expected, fs.Link(file, dir, name, out _, out _));
            Assert.Equal(expected, fs.Rename(dir, "file", dir, name, RenameFlags.None));
            Assert.Equal(expected, fs.Rename(dir, name, dir, "file", RenameFlags.None));
            Assert.Equal(expected, fs.Remove(dir, name, directory: false));
            Assert.Equal(expected, fs.Remove(dir, name, directory: true));
            Assert.Equal(["file"], fs.List("/dir"));
        }
        Assert.Equal(before, Snapshot(f));
    }

    [Fact]
    public void A_name_of_255_bytes_is_fine_and_256_is_not()
    {
        using var f = new LayerFixture(1);
        using var fs = f.Open();
        var caller = new Caller(0, 0);
        Assert.Equal(FsError.None, fs.CreateDirectory(FsRoot, new string('d', 255), 0x1ED, caller, out _, out _));
        Assert.Equal(FsError.NameTooLong, fs.CreateDirectory(FsRoot, new string('d', 256), 0x1ED, caller, out _, out _));
        Assert.True(Directory.Exists(Path.Combine(f.Upper, new string('d', 255))));
    }

    [Theory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Whiteout_names_cannot_be_created_renamed_to_or_seen(WhiteoutFormat format)
    {
        using var f = new LayerFixture(2);
        f.File(f.Lower(1), "gone", "hidden below");
        f.OciWhiteout(f.Lower(0), "gone");
        f.File(f.Lower(0), "sub/.wh..wh..opq");
        f.File(f.Lower(0), "kept", "k");
        var before = Snapshot(f);
        using (var fs = f.Open(format))
        {
            var caller = new Caller(0, 0);
            foreach (var name in new[] { ".wh.kept", ".wh..wh..opq", ".wh.", ".wh.gone" })
            {
                Assert.Equal(FsError.NotFound, fs.Lookup(FsRoot, name, out _, out _));
                Assert.Equal(FsError.InvalidArgument, fs.CreateFile(FsRoot, name, OpenMode.ReadWrite, 0x1A4, caller, out _, out _, out var file));
                file?.Dispose();
                Assert.Equal(FsError.InvalidArgument, fs.CreateDirectory(FsRoot, name, 0x1ED, caller, out _, out _));
                Assert.Equal(FsError.InvalidArgument, fs.Rename(FsRoot, "kept", FsRoot, name, RenameFlags.None));
            }
            Assert.False(fs.Exists("/gone"));
            Assert.Equal(["kept", "sub"], fs.List("/"));
            Assert.Empty(fs.List("/sub"));
        }
        Assert.Equal(before, Snapshot(f));
    }

    [Fact]
    public void A_refused_rename_copies_nothing_up()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "a", "lower a");
        f.File(f.Lower(0), "b", "lower b");
        f.File(f.Lower(0), "full/x", "x");
        f.Dir(f.Lower(0), "empty");
        var before = Snapshot(f);
        using (var fs = f.Open())
        {
            Assert.Equal(FsError.Exists, fs.Rename(FsRoot, "a", FsRoot, "b", RenameFlags.NoReplace));
            Assert.Equal(FsError.IsDirectory, fs.Rename(FsRoot, "a", FsRoot, "empty", RenameFlags.None));
            Assert.Equal(FsError.NotDirectory, fs.Rename(FsRoot, "empty", FsRoot, "a", RenameFlags.None));
            Assert.Equal(FsError.NotEmpty, fs.Rename(FsRoot, "empty", FsRoot, "full", RenameFlags.None));
            Assert.Equal(FsError.NotFound, fs.Rename(FsRoot, "a", FsRoot, "nothing", RenameFlags.Exchange));
        }
        Assert.Equal(before, Snapshot(f));
    }

    [Fact]
    public void Removing_an_xattr_a_lower_file_lacks_copies_nothing_up()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "a", "lower a");
        LayerFixture.Run("setfattr", "-n", "user.kept", "-v", "k", Path.Combine(f.Lower(0), "a"));
        var before = Snapshot(f);
        using (var fs = f.Open())
        {
            Assert.Equal(FsError.NoData, fs.RemoveXattr(fs.Id("/a"), "user.missing"));
            Assert.Equal(before, Snapshot(f));
            Assert.Equal(FsError.None, fs.RemoveXattr(fs.Id("/a"), "user.kept"));   // one it has: copied up, then removed
        }
        Assert.True(File.Exists(Path.Combine(f.Upper, "a")));
        Assert.Equal("lower a", File.ReadAllText(Path.Combine(f.Upper, "a")));
    }

    private const ulong FsRoot = UnionFileSystem.RootId;

    /// <summary>Every path under the fixture with its type and size: what "nothing changed" means here.</summary>
    internal static string Snapshot(LayerFixture f) => string.Join("\n",
        Directory.EnumerateFileSystemEntries(f.Root, "*", SearchOption.AllDirectories)
            .Where(p => !p.StartsWith(f.Work + "/", StringComparison.Ordinal))   // the engine's own scratch
            .Order(StringComparer.Ordinal)
            .Select(p => $"{Path.GetRelativePath(f.Root, p)} {(File.Exists(p) ? new FileInfo(p).Length : -1)}"));
}
