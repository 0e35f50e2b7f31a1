// What a copy-up keeps and what it never exposes: holes stay holes whichever copy method the host falls back to,
// a copy in progress never shows in the merged view, and a crash's leftovers go at the next start.
namespace Union.Core.Tests.CopyUp;

using System.Security.Cryptography;
using static Union.Core.Tests.CopyUp.Concurrently;

public class CopyUpSafetyTests
{
    private const int SeekData = 3, SeekHole = 4;
    private const long SparseSize = 64L << 20;
    private static readonly long[] DataAt = [0, 16L << 20, SparseSize - 4096];

    private static void WriteSparse(string path)
    {
        using var stream = new FileStream(path, FileMode.CreateNew);
        stream.SetLength(SparseSize);
        var block = RandomNumberGenerator.GetBytes(4096);
        foreach (var offset in DataAt)
        {
            stream.Position = offset;
            stream.Write(block);
        }
    }

    /// <summary>The data segments of an open file, found with SEEK_DATA/SEEK_HOLE.</summary>
    private static List<(long Start, long End)> DataSegments(OpenFile file, long size)
    {
        var segments = new List<(long, long)>();
        for (long offset = 0; offset < size;)
        {
            if (file.Seek(offset, SeekData, out long data) != FsError.None) break;   // ENXIO: only a hole is left
            Assert.Equal(FsError.None, file.Seek(data, SeekHole, out long hole));
            segments.Add((data, hole));
            offset = hole;
        }
        return segments;
    }

    private static (List<(long, long)> Segments, long Blocks, byte[] Hash) Inspect(UnionFileSystem fs, string path)
    {
        Assert.Equal(FsError.None, fs.Open(fs.Id(path), OpenMode.ReadOnly, out var file));
        using (file)
        {
            Assert.Equal(FsError.None, file!.GetAttributes(out var attributes));
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[1 << 20];
            for (long offset = 0; offset < attributes.Size; offset += buffer.Length)
            {
                Assert.Equal(FsError.None, file.Read(buffer, offset, out int n));
                hash.AppendData(buffer, 0, n);
            }
            return (DataSegments(file, attributes.Size), attributes.Blocks, hash.GetHashAndReset());
        }
    }

    /// <summary>
    /// Lower on the upper's filesystem: the host copies with copy_file_range (ext4 has no reflink). Lower on tmpfs:
    /// copy_file_range across filesystem types fails with EXDEV and the host falls back to its read/write loop.
    /// Either way only the data segments are written.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_files_stay_sparse_across_copy_up(bool lowerOnTmpfs)
    {
        using var f = new LayerFixture(1);
        string lower = lowerOnTmpfs
            ? Directory.CreateDirectory($"/dev/shm/union-lower-{Guid.NewGuid():N}").FullName
            : f.Lower(0);
        try
        {
            WriteSparse(Path.Combine(lower, "sparse"));
            using var fs = UnionFileSystem.Open(f.Options() with { Lowers = [lower] });
            var before = Inspect(fs, "/sparse");
            Assert.Equal(DataAt.Length, before.Segments.Count);

            Assert.Equal(FsError.None, fs.SetXattr(fs.Id("/sparse"), "user.copied", "up"u8, 0));   // a data copy-up
            Assert.True(File.Exists(Path.Combine(f.Upper, "sparse")));
            var after = Inspect(fs, "/sparse");
            Assert.Equal(before.Segments, after.Segments);
            Assert.Equal(before.Hash, after.Hash);
            Assert.True(after.Blocks * 512 < 1 << 20, $"{after.Blocks} blocks allocated for 12 KiB of data");
        }
        finally
        {
            if (lowerOnTmpfs) Directory.Delete(lower, recursive: true);
        }
    }

    [Fact]
    public void A_copy_in_progress_never_shows_and_a_crash_leftover_goes_at_the_next_start()
    {
        using var f = new LayerFixture(1);
        f.File(f.Lower(0), "big", new string('b', 1 << 16));
        string work = Path.Combine(f.Work, "union-work");
        var host = new GatedHost { Hold = true };
        using (var fs = f.Open(host))
        {
            var copying = OpenForWrite(fs, fs.Id("/big"));
            host.AwaitCopyStarted();
            string temp = Path.GetFileName(Assert.Single(Directory.GetFileSystemEntries(work)))!;
            Assert.Equal(["big"], fs.List("/"));
            Assert.False(fs.Exists("/" + temp));
            Assert.False(File.Exists(Path.Combine(f.Upper, "big")));   // the real name never holds a partial copy

            // What a crash at this moment would leave: the partial temp (kept under another name), and a
            // half-cleared directory from an rmdir.
            File.Copy(Path.Combine(work, temp), Path.Combine(work, "#dead.1"));
            f.File(work, "#dead.2/inner/file", "x");
            host.Proceed.Release();
            var (error, file) = Finish(copying);
            Assert.Equal(FsError.None, error);
            file!.Dispose();
        }
        Assert.Equal(2, Directory.GetFileSystemEntries(work).Length);
        f.File(Path.Combine(f.Work, "union-index"), "00000000000000aa", "an index entry is no leftover");

        using (var fs = f.Open())
        {
            Assert.Empty(Directory.GetFileSystemEntries(work));
            Assert.Equal(["big"], fs.List("/"));
            Assert.Equal(1 << 16, fs.Stat("/big").Size);
        }
        Assert.True(File.Exists(Path.Combine(f.Work, "union-index/00000000000000aa")));
    }
}
