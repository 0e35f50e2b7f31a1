// A lower layer holding symlinks out of the layer (absolute, relative, `../..` chains) and a hard link to a file
// outside it: the engine never follows a link host-side, copy-up copies links as links and hard-linked data as a
// new file, and the sentinel outside keeps its bytes, its mtime and its link count.
namespace Union.Core.Tests.Reliability;

using System.Security.Cryptography;
using System.Text;

public class EscapeTests
{
    [Theory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Links_out_of_a_layer_are_never_followed_by_the_engine(WhiteoutFormat format)
    {
        using var f = new LayerFixture(1);
        var outside = Directory.CreateDirectory(Path.Combine(f.Root, "outside")).FullName;
        var sentinel = Path.Combine(outside, "sentinel");
        File.WriteAllText(sentinel, "must never change");
        File.SetLastWriteTimeUtc(sentinel, new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var lower = f.Lower(0);
        File.CreateSymbolicLink(Path.Combine(lower, "esc"), "../outside");
        File.CreateSymbolicLink(Path.Combine(lower, "abs"), outside);
        File.CreateSymbolicLink(Path.Combine(lower, "file-link"), sentinel);
        Directory.CreateDirectory(Path.Combine(lower, "d/e"));
        File.CreateSymbolicLink(Path.Combine(lower, "d/e/chain"), "../../../../../../../../..");
        LayerFixture.Run("ln", sentinel, Path.Combine(lower, "hard"));
        var guard = Guard(outside);

        using (var fs = f.Open(format))
        {
            // No lookup walks through a link.
            Assert.Equal(FsError.NotDirectory, fs.ResolvePath("/esc/sentinel", out _));
            Assert.Equal(FsError.NotDirectory, fs.ResolvePath("/abs/sentinel", out _));
            Assert.Equal(FsError.NotDirectory, fs.ResolvePath("/d/e/chain/etc", out _));
            Assert.Equal(FsError.NotDirectory, fs.Lookup(fs.Id("/esc"), "sentinel", out _, out _));
            Assert.Equal(FsError.NotDirectory, fs.CreateFile(fs.Id("/abs"), "planted", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0), out _, out _, out _));
            Assert.Equal(FsError.NoDeviceOrAddress, fs.Open(fs.Id("/file-link"), OpenMode.ReadWrite, out _));
            Assert.Equal(FsError.None, fs.ReadLink(fs.Id("/d/e/chain"), out var chain));
            Assert.Equal("../../../../../../../../..", chain);

            // Copy-up of a link copies the link: by a time change, a rename, and a hard link of the link.
            var now = new AttributeChanges { ModifyTime = TimeChange.ToNow() };
            Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/esc"), now, null, out _));
            Assert.Equal(FsError.None, fs.Move("/abs", "/abs2"));
            Assert.Equal(FsError.None, fs.Move("/d/e/chain", "/chain2"));
            Assert.Equal(FsError.None, fs.Link(fs.Id("/file-link"), UnionFileSystem.RootId, "file-link2", out _, out _));
            Assert.Equal(FsError.None, fs.Unlink("/file-link"));

            // The hard link: writes and truncation change the union's copy only.
            fs.Write("/hard", "overwritten through the union");
            Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/hard"), new AttributeChanges { Size = 4, Mode = 0x1FF }, null, out _));
            Assert.Equal(FsError.None, fs.Link(fs.Id("/hard"), UnionFileSystem.RootId, "hard2", out _, out _));
            Assert.Equal("over", fs.Read("/hard2"));
            Assert.Equal(FsError.None, fs.Unlink("/hard"));
        }

        Assert.Equal("../outside", new FileInfo(Path.Combine(f.Upper, "esc")).LinkTarget);
        Assert.Equal(outside, new FileInfo(Path.Combine(f.Upper, "abs2")).LinkTarget);
        Assert.Equal("../../../../../../../../..", new FileInfo(Path.Combine(f.Upper, "chain2")).LinkTarget);
        Assert.Equal(sentinel, new FileInfo(Path.Combine(f.Upper, "file-link2")).LinkTarget);
        Assert.Equal("over", File.ReadAllText(Path.Combine(f.Upper, "hard2")));
        Assert.Equal(guard, Guard(outside));
        Assert.Equal("must never change", File.ReadAllText(Path.Combine(lower, "hard")));
    }

    /// <summary>What must not move outside the layers: names, bytes, mtimes, modes and link counts.</summary>
    internal static string Guard(string dir)
    {
        var text = new StringBuilder();
        foreach (var path in Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            text.Append(path).Append(' ').Append(info.LastWriteTimeUtc.Ticks).Append(' ').Append(info.UnixFileMode);
            if (File.Exists(path)) text.Append(' ').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))));
            text.Append(' ').Append(LinkCount(path)).Append('\n');
        }
        return text.ToString();
    }

    private static string LinkCount(string path)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%h %Z", path]) { RedirectStandardOutput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }
}
