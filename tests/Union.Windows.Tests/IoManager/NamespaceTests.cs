// Renames and deletes at their edges: replace rules, renames onto themselves, cancelled deletes, and the
// callbacks dokan2.dll falls back to (FindFiles without a pattern, FlushFileBuffers).
using Union.Windows.Dokan;
using Union.Windows.Tests.Dokan;
using static Union.Windows.Tests.IoManager.IoManager;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed unsafe class NamespaceTests
{
    [Fact]
    public void Replace_rules_of_MoveFileEx()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "a.txt", "a");
            File(l.Lower1, "b.txt", "b");
            Dir(l.Lower1, "dir");
            File(l.Lower0, "full/x", "x");
        });
        var io = v.Io;

        Assert.Equal(Win32Error.AccessDenied, io.MoveFileEx(@"\a.txt", @"\dir", replaceExisting: true));
        Assert.Equal(Win32Error.AlreadyExists, io.MoveFileEx(@"\dir", @"\b.txt", replaceExisting: false));
        Assert.Equal(Win32Error.AlreadyExists, io.MoveFileEx(@"\a.txt", @"\b.txt", replaceExisting: false));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\a.txt", @"\a.txt", replaceExisting: false));
        Assert.Equal(Win32Error.PathNotFound, io.MoveFileEx(@"\a.txt", @"\nowhere\a.txt", replaceExisting: true));
        Assert.Empty(v.UpperTree());

        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\a.txt", @"\full\b.txt", replaceExisting: true));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\full\b.txt", @"\b.txt", replaceExisting: true));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\b.txt", out var text));
        Assert.Equal("a", text);
        Assert.Equal([".wh.a.txt", "b.txt", "full"], v.UpperTree());
    }

    [Fact]
    public void A_cancelled_delete_deletes_nothing()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "keep.txt", "k"));
        var io = v.Io;
        Assert.Equal(NtStatus.Success, io.NtCreate(@"\keep.txt", NtAccessMask.Delete | NtAccessMask.ReadAttributes, ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.NonDirectoryFile, 0, out var h));

        Assert.Equal(NtStatus.Success, io.SetDisposition(h, delete: true));
        Assert.True(io.IsDeletePending(@"\keep.txt"));
        Assert.Equal(NtStatus.Success, io.SetDisposition(h, delete: false));
        Assert.Equal(NtStatus.Success, io.Close(h));

        Assert.Equal(Win32Error.Success, io.GetFileAttributes(@"\keep.txt", out _));
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void The_root_and_opened_parents_cannot_be_deleted_or_moved()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "d/f", "f"));

        Assert.Equal(Win32Error.AccessDenied, v.Io.RemoveDirectory(@"\"));
        Assert.Equal(Win32Error.AccessDenied, v.Io.MoveFileEx(@"\", @"\root2", replaceExisting: false));
        Assert.Equal(Win32Error.InvalidParameter, v.Io.MoveFileEx(@"\d", @"\d\inside", replaceExisting: false));
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void FindFiles_without_a_pattern_lists_everything()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "one");
            File(l.Lower1, "two");
        });
        var io = v.Io;
        Assert.Equal(NtStatus.Success, io.NtCreate(@"\", NtAccessMask.ReadData, ShareAll, NtCreateDisposition.Open,
            NtCreateOptions.DirectoryFile, 0, out var h));
        FillRecorder.Reset();

        Assert.Equal(NtStatus.Success, io.Invoke(h, (ops, name, info) => ops->FindFiles(name, FillRecorder.FindData, info)));
        io.Close(h);

        Assert.Equal(2, FillRecorder.Records.Count);
    }

    [Fact]
    public void Flush_syncs_open_files_and_accepts_metadata_opens()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "f", "f"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\f", GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out var writer));
        Assert.Equal(Win32Error.Success, io.WriteFile(writer, Bytes("F")));
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\f", FILE_READ_ATTRIBUTES, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var meta));

        Assert.Equal(Win32Error.Success, io.FlushFileBuffers(writer));
        Assert.Equal(Win32Error.Success, io.FlushFileBuffers(meta));
        io.CloseHandle(meta);
        io.CloseHandle(writer);
        Assert.Equal("F", v.UpperText("f"));
    }
}
