// FindFiles/FindFilesWithPattern/FindStreams through the table with a fake native fill callback that keeps
// the raw WIN32_FIND_DATAW bytes dokan2.dll would copy into the directory listing.
using System.Text;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;
using static Union.Windows.Tests.Dokan.IoCallbackTests;

namespace Union.Windows.Tests.Dokan;

public unsafe class FindCallbackTests
{
    private static readonly FileInformation File1 = new()
    {
        Attributes = FileAttributes.Archive,
        CreationTime = 0x01DA_1111_2222_3333,
        LastAccessTime = 0x01DA_4444_5555_6666,
        LastWriteTime = 0x01DA_7777_8888_9999,
        Length = 0x2_0000_0010,
    };

    [Fact]
    public void FindFiles_writes_win32_find_data_records()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        fs.Entries.Add(("Report.docx", File1));
        fs.Entries.Add(("sub", new FileInformation { Attributes = FileAttributes.Directory }));
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindFiles(native.Str(@"\docs"), FillRecorder.FindData, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(@"\docs", fs.LastName);
        Assert.Equal(2, FillRecorder.Records.Count);
        var first = FillRecorder.Records[0];
        Assert.Equal(592, first.Length);
        Assert.Equal(0x20u, U32(first, 0));
        Assert.Equal(0x2222_3333u, U32(first, 4));
        Assert.Equal(0x01DA_1111u, U32(first, 8));
        Assert.Equal(0x5555_6666u, U32(first, 12));
        Assert.Equal(0x01DA_4444u, U32(first, 16));
        Assert.Equal(0x8888_9999u, U32(first, 20));
        Assert.Equal(0x01DA_7777u, U32(first, 24));
        Assert.Equal(2u, U32(first, 28));
        Assert.Equal(0x10u, U32(first, 32));
        Assert.Equal(0u, U32(first, 36));
        Assert.Equal("Report.docx", Name(first, 44));
        Assert.Equal(0, first[564]);

        var second = FillRecorder.Records[1];
        Assert.Equal(0x10u, U32(second, 0));
        Assert.Equal("sub", Name(second, 44));
    }

    [Fact]
    public void Reparse_tag_goes_to_dwReserved0_only_for_reparse_points()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        fs.Entries.Add(("link", new FileInformation { Attributes = FileAttributes.ReparsePoint, ReparseTag = 0xA000000C }));
        fs.Entries.Add(("plain", new FileInformation { Attributes = FileAttributes.Normal, ReparseTag = 0xA000000C }));
        using var native = new NativeCaller(fs);

        native.Ops->FindFiles(native.Str(@"\"), FillRecorder.FindData, native.Info);

        Assert.Equal(0xA000000Cu, U32(FillRecorder.Records[0], 36));
        Assert.Equal(0u, U32(FillRecorder.Records[1], 36));
    }

    [Fact]
    public void Longest_legal_name_fits_with_terminator()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        var name = new string('n', FindDataSink.MaxNameLength);
        fs.Entries.Add((name, default));
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindFiles(native.Str(@"\"), FillRecorder.FindData, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(name, Name(FillRecorder.Records[0], 44));
    }

    [Fact]
    public void Too_long_name_is_an_error_not_a_truncated_entry()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        fs.Entries.Add((new string('n', 260), default));
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindFiles(native.Str(@"\"), FillRecorder.FindData, native.Info);

        Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
        Assert.Empty(FillRecorder.Records);
        Assert.IsType<ArgumentOutOfRangeException>(fs.Reported?.Exception);
    }

    [Fact]
    public void Full_buffer_stops_the_enumeration()
    {
        FillRecorder.Reset(acceptBeforeFull: 1);
        var fs = new FakeFileSystem();
        fs.Entries.Add(("a", default));
        fs.Entries.Add(("b", default));
        fs.Entries.Add(("c", default));
        using var native = new NativeCaller(fs);

        native.Ops->FindFiles(native.Str(@"\"), FillRecorder.FindData, native.Info);

        Assert.Single(FillRecorder.Records);
        Assert.True(fs.StoppedByFullBuffer);
    }

    [Fact]
    public void FindFilesWithPattern_defaults_to_not_implemented_so_dokan_falls_back()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindFilesWithPattern(native.Str(@"\"), native.Str("<.txt"), FillRecorder.FindData, native.Info);

        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(result));
        Assert.Empty(fs.Calls);
    }

    [Fact]
    public void FindFilesWithPattern_passes_the_pattern()
    {
        FillRecorder.Reset();
        var fs = new PatternFileSystem();
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindFilesWithPattern(native.Str(@"\src"), native.Str("<.cs"), FillRecorder.FindData, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal((@"\src", "<.cs"), fs.Seen);
        Assert.Equal(["a.cs"], FillRecorder.Records.Select(r => Name(r, 44)));
    }

    [Fact]
    public void FindStreams_defaults_to_not_implemented()
    {
        FillRecorder.Reset();
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        var result = native.Ops->FindStreams(native.Str(@"\f"), FillRecorder.StreamData, null, native.Info);

        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(result));
    }

    [Fact]
    public void FindStreamSink_writes_win32_find_stream_data()
    {
        FillRecorder.Reset();
        var sink = new FindStreamSink(FillRecorder.StreamData, null);

        Assert.True(sink.Add("::$DATA", 0x1_0000_0002));

        var record = FillRecorder.Records.Single();
        Assert.Equal(600, record.Length);
        Assert.Equal(0x1_0000_0002L, BitConverter.ToInt64(record, 0));
        Assert.Equal("::$DATA", Name(record, 8));
    }

    internal static string Name(byte[] record, int offset)
    {
        var text = Encoding.Unicode.GetString(record, offset, (record.Length - offset) & ~1);
        var end = text.IndexOf('\0', StringComparison.Ordinal);
        return end < 0 ? text : text[..end];
    }

    // Re-implements the interface to replace the default FindFilesWithPattern.
    private sealed class PatternFileSystem : FakeFileSystem, IDokanFileSystem
    {
        public (string, string)? Seen { get; private set; }

        NtStatus IDokanFileSystem.FindFilesWithPattern(ReadOnlySpan<char> fileName, ReadOnlySpan<char> searchPattern, FindDataSink fill, ref DokanFileInfo info)
        {
            Seen = (fileName.ToString(), searchPattern.ToString());
            foreach (var name in new[] { "a.cs", "b.txt" })
            {
                if (DosWildcard.IsMatch(searchPattern, name, ignoreCase: true))
                {
                    fill.Add(name, default);
                }
            }

            return NtStatus.Success;
        }
    }
}
