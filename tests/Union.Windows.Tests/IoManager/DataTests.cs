// Reads, writes and sizes through the Dokan table: appends, paging I/O (after Cleanup, never growing the file),
// allocation vs end of file, copy-up on the first change with the file index kept, readers following a copy-up.
using Union.Windows.Dokan;
using static Union.Windows.Tests.IoManager.IoManager;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed unsafe class DataTests
{
    [Fact]
    public void Append_handles_write_at_the_end_whatever_the_offset()
    {
        using var v = new UnionVolume(l => File(l.Lower1, "log.txt", "one\n"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\log.txt", FILE_APPEND_DATA, FileShare.Read | FileShare.Write,
            Win32CreationDisposition.OpenAlways, 0, out var a));
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\log.txt", FILE_APPEND_DATA, FileShare.Read | FileShare.Write,
            Win32CreationDisposition.OpenAlways, 0, out var b));

        Assert.Equal(Win32Error.Success, io.WriteFile(a, Bytes("two\n"), append: true));
        Assert.Equal(Win32Error.Success, io.WriteFile(b, Bytes("three\n"), append: true));
        Assert.Equal(NtStatus.Success, io.Write(a, offset: 0, Bytes("four\n"), out _, toEnd: true));
        io.CloseHandle(a);
        io.CloseHandle(b);

        Assert.Equal("one\ntwo\nthree\nfour\n", v.UpperText("log.txt"));
        Assert.Equal("one\n", System.IO.File.ReadAllText(Path.Combine(v.Lower1, "log.txt")));
    }

    [Fact]
    public void Paging_writes_after_cleanup_land_but_never_grow_the_file()
    {
        using var v = new UnionVolume();
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\mapped.bin", GENERIC_READ | GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, 0, out var h));
        Assert.Equal(Win32Error.Success, io.WriteFile(h, Bytes("0123456789")));
        io.MapView(h);
        Assert.Equal(Win32Error.Success, io.CloseHandle(h));

        // The memory manager flushes a whole page: only the bytes inside the file may land.
        var page = new byte[4096];
        Bytes("ABCDEFGHIJKLMNOP").CopyTo(page, 0);
        Assert.Equal(NtStatus.Success, io.Write(h, 0, page, out var written, pagingIo: true));
        Assert.Equal(10, written);
        Assert.Equal(NtStatus.Success, io.Write(h, 4096, page, out written, pagingIo: true));
        Assert.Equal(0, written);
        io.UnmapView(h);

        Assert.Equal("ABCDEFGHIJ", v.UpperText("mapped.bin"));
        Assert.Equal(0, v.Adapter.OpenCount);
    }

    [Fact]
    public void A_delete_releases_the_files_of_mapped_views_and_their_late_paging_reads_find_nothing()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "doomed.bin", "data"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\doomed.bin", GENERIC_READ, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var mapped));
        io.MapView(mapped);
        Assert.Equal(Win32Error.Success, io.CloseHandle(mapped));

        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\doomed.bin"));

        Assert.Equal(NtStatus.FileClosed, io.Read(mapped, 0, new byte[16], out var read, pagingIo: true));
        Assert.Equal(0, read);
        io.UnmapView(mapped);
        Assert.Equal([".wh.doomed.bin"], v.UpperTree());
        Assert.Equal(0, v.Adapter.OpenCount);
    }

    [Fact]
    public void Allocation_size_only_ever_truncates_while_end_of_file_sets_the_size()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "f.bin", "0123456789"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\f.bin", GENERIC_READ | GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.OpenExisting, 0, out var h));

        Assert.Equal(NtStatus.Success, io.Invoke(h, (ops, name, info) => ops->SetAllocationSize(name, 1 << 20, info)));
        Assert.False(v.InUpper("f.bin"));
        Assert.Equal(NtStatus.Success, io.Invoke(h, (ops, name, info) => ops->SetAllocationSize(name, 4, info)));
        Assert.Equal("0123", v.UpperText("f.bin"));
        io.SetFilePointer(h, 6);
        Assert.Equal(Win32Error.Success, io.SetEndOfFile(h));
        io.CloseHandle(h);

        Assert.Equal("0123\0\0", v.UpperText("f.bin"));
        Assert.Equal("0123456789", System.IO.File.ReadAllText(Path.Combine(v.Lower0, "f.bin")));
    }

    [Fact]
    public void The_first_write_copies_up_and_the_file_index_and_readers_follow()
    {
        using var v = new UnionVolume(l => File(l.Lower1, "shared.txt", "lower"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\shared.txt", GENERIC_READ, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var reader));
        Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(reader, out var before));
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\shared.txt", GENERIC_READ | GENERIC_WRITE, ShareAll,
            Win32CreationDisposition.OpenExisting, 0, out var writer));
        Assert.False(v.InUpper("shared.txt"));

        Assert.Equal(Win32Error.Success, io.WriteFile(writer, Bytes("UPPER")));
        Assert.True(v.InUpper("shared.txt"));

        var buffer = new byte[16];
        Assert.Equal(NtStatus.Success, io.Read(reader, 0, buffer, out var read));
        Assert.Equal("UPPER", System.Text.Encoding.UTF8.GetString(buffer, 0, read));
        Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(reader, out var after));
        Assert.Equal((before.nFileIndexHigh, before.nFileIndexLow), (after.nFileIndexHigh, after.nFileIndexLow));
        io.CloseHandle(writer);
        io.CloseHandle(reader);
        Assert.Equal("lower", System.IO.File.ReadAllText(Path.Combine(v.Lower1, "shared.txt")));
    }

    [Fact]
    public void Times_copy_up_only_when_they_change_something()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "t.txt", "t"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\t.txt", FILE_WRITE_ATTRIBUTES, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var h));

        Assert.Equal(Win32Error.Success, io.SetFileTime(h, 0, 0, 0));
        Assert.Equal(Win32Error.Success, io.SetFileTime(h, -1, -1, -1));
        Assert.False(v.InUpper("t.txt"));

        var written = new DateTime(2020, 2, 29, 12, 0, 0, DateTimeKind.Utc);
        Assert.Equal(Win32Error.Success, io.SetFileTime(h, 0, 0, written.ToFileTimeUtc()));
        Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(h, out var info));
        io.CloseHandle(h);

        Assert.Equal(written.ToFileTimeUtc(), info.ftLastWriteTime.ToInt64());
        Assert.Equal(written, System.IO.File.GetLastWriteTimeUtc(Path.Combine(v.Upper, "t.txt")));
    }

    [Fact]
    public void File_information_derives_windows_attributes()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, ".hidden", "h");
            File(l.Lower0, "plain.txt", "12345");
            File(l.Lower0, "ro.txt", "r");
            System.IO.File.SetUnixFileMode(Path.Combine(l.Lower0, "ro.txt"), UnixFileMode.UserRead | UnixFileMode.GroupRead);
            Dir(l.Lower1, "folder");
        });
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.GetFileAttributes(@"\.hidden", out var hidden));
        Assert.Equal(FileAttributes.Hidden | FileAttributes.Archive, hidden);
        Assert.Equal(Win32Error.Success, io.GetFileAttributes(@"\plain.txt", out var plain));
        Assert.Equal(FileAttributes.Archive, plain);
        Assert.Equal(Win32Error.Success, io.GetFileAttributes(@"\ro.txt", out var ro));
        Assert.Equal(FileAttributes.ReadOnly | FileAttributes.Archive, ro);
        Assert.Equal(Win32Error.Success, io.GetFileAttributes(@"\folder", out var folder));
        Assert.Equal(FileAttributes.Directory, folder);
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\plain.txt", GENERIC_READ, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var h));
        Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(h, out var info));
        io.CloseHandle(h);
        Assert.Equal((0u, 5u, 1u, 0x554E494Fu), (info.nFileSizeHigh, info.nFileSizeLow, info.nNumberOfLinks, info.dwVolumeSerialNumber));
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void Callbacks_from_several_threads_keep_their_own_handles()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "shared/base.txt", "base"));
        // dokan2.dll calls from a pool of threads: one caller per thread, one adapter and engine behind them all.
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            using var io = new IoManager(v.Adapter, caseInsensitive: false);
            for (var i = 0; i < 25; i++)
            {
                var path = $@"\shared\t{t}-{i}.txt";
                Assert.Equal(Win32Error.Success, io.WriteAllBytes(path, Bytes($"{t}:{i}")));
                Assert.Equal(Win32Error.Success, io.ReadAllText(@"\shared\base.txt", out var text));
                Assert.Equal("base", text);
                Assert.Equal(Win32Error.Success, io.ReadAllText(path, out text));
                Assert.Equal($"{t}:{i}", text);
                if (i % 2 == 0)
                {
                    Assert.Equal(Win32Error.Success, io.DeleteFile(path));
                }
            }
        });

        Assert.Equal(0, v.Adapter.OpenCount);
        Assert.Equal(1 + (4 * 12), v.UpperTree().Length);
        Assert.Equal("3:23", v.UpperText("shared/t3-23.txt"));
    }

    [Fact]
    public void Every_lookup_reference_is_returned_when_the_handles_close()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "a/b/c.txt", "c");
            File(l.Lower1, "a/d.txt", "d");
        });
        var io = v.Io;
        var baseline = v.Union.NodeCount;

        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\a\b\c.txt", out _));
        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\a\b\new.txt", Bytes("n")));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\a\d.txt", @"\a\b\d.txt", replaceExisting: false));
        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\a\b\c.txt"));
        Assert.Equal(Win32Error.Success, io.FindFiles(@"\a\b\*", out _));
        Assert.Equal(Win32Error.FileNotFound, io.GetFileAttributes(@"\a\missing", out _));
        Assert.Equal(Win32Error.PathNotFound, io.GetFileAttributes(@"\a\missing\x", out _));

        Assert.Equal(0, io.LiveContexts);
        Assert.Equal(0, v.Adapter.OpenCount);
        Assert.Equal(baseline, v.Union.NodeCount);
    }
}
