// ZwCreateFile as the adapter answers it, at the NT level: every disposition on a missing name, a file and a
// directory, the directory/non-directory options, delete-on-close, and read-only files and unions.
using Union.Windows.Dokan;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed class CreateSemanticsTests
{
    private const NtAccessMask ReadWrite = NtAccessMask.FileGenericRead | NtAccessMask.FileGenericWrite;

    [Theory]
    // On a missing name: open and overwrite fail, the others create (SUCCESS = FILE_CREATED).
    [InlineData("missing", NtCreateDisposition.Open, NtStatus.ObjectNameNotFound, false)]
    [InlineData("missing", NtCreateDisposition.Overwrite, NtStatus.ObjectNameNotFound, false)]
    [InlineData("missing", NtCreateDisposition.Create, NtStatus.Success, true)]
    [InlineData("missing", NtCreateDisposition.OpenIf, NtStatus.Success, true)]
    [InlineData("missing", NtCreateDisposition.OverwriteIf, NtStatus.Success, true)]
    [InlineData("missing", NtCreateDisposition.Supersede, NtStatus.Success, true)]
    // On an existing lower file: create collides for real, the "-if" forms and supersede say COLLISION = opened.
    [InlineData("file", NtCreateDisposition.Open, NtStatus.Success, false)]
    [InlineData("file", NtCreateDisposition.Create, NtStatus.ObjectNameCollision, false)]
    [InlineData("file", NtCreateDisposition.OpenIf, NtStatus.ObjectNameCollision, false)]
    [InlineData("file", NtCreateDisposition.Overwrite, NtStatus.Success, true)]
    [InlineData("file", NtCreateDisposition.OverwriteIf, NtStatus.ObjectNameCollision, true)]
    [InlineData("file", NtCreateDisposition.Supersede, NtStatus.ObjectNameCollision, true)]
    // Internal enums travel as object: xunit theories are public.
    public void Dispositions_on_missing_and_existing_files(string name, object disposition, object expected, bool upperChanged)
    {
        using var v = new UnionVolume(l => File(l.Lower0, "file", "lower data"));

        var status = v.Adapter.ZwCreateFileDirect(v, "\\" + name, ReadWrite, (NtCreateDisposition)disposition, NtCreateOptions.NonDirectoryFile);

        Assert.Equal((NtStatus)expected, status);
        Assert.Equal(upperChanged, v.InUpper(name));
        if (upperChanged)
        {
            Assert.Equal("", v.UpperText(name));
        }
    }

    [Fact]
    public void Existing_files_surface_as_opened_through_the_io_manager()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "file", "x"));

        Assert.Equal(NtStatus.Success, v.Io.NtCreate(@"\file", ReadWrite, FileShare.Read, NtCreateDisposition.OpenIf,
            NtCreateOptions.NonDirectoryFile, 0, out var h));
        Assert.True(v.Io.LastCreateOpenedExisting);
        Assert.Equal(NtStatus.Success, v.Io.Close(h));
        Assert.Equal(NtStatus.Success, v.Io.NtCreate(@"\new", ReadWrite, FileShare.Read, NtCreateDisposition.OpenIf,
            NtCreateOptions.NonDirectoryFile, 0, out h));
        Assert.False(v.Io.LastCreateOpenedExisting);
        Assert.Equal(NtStatus.Success, v.Io.Close(h));
        Assert.Equal(["new"], v.UpperTree());
    }

    [Theory]
    [InlineData("dir", NtCreateOptions.NonDirectoryFile, NtCreateDisposition.Open, NtStatus.FileIsADirectory)]
    [InlineData("dir", NtCreateOptions.DirectoryFile, NtCreateDisposition.Open, NtStatus.Success)]
    [InlineData("dir", NtCreateOptions.None, NtCreateDisposition.Open, NtStatus.Success)]
    [InlineData("dir", NtCreateOptions.DirectoryFile, NtCreateDisposition.Create, NtStatus.ObjectNameCollision)]
    [InlineData("dir", NtCreateOptions.DirectoryFile, NtCreateDisposition.OpenIf, NtStatus.ObjectNameCollision)]
    [InlineData("dir", NtCreateOptions.None, NtCreateDisposition.OverwriteIf, NtStatus.FileIsADirectory)]
    [InlineData("dir", NtCreateOptions.DirectoryFile, NtCreateDisposition.OverwriteIf, NtStatus.InvalidParameter)]
    [InlineData("file", NtCreateOptions.DirectoryFile, NtCreateDisposition.Open, NtStatus.NotADirectory)]
    [InlineData("file", NtCreateOptions.DirectoryFile, NtCreateDisposition.OpenIf, NtStatus.NotADirectory)]
    [InlineData("file", NtCreateOptions.DirectoryFile | NtCreateOptions.NonDirectoryFile, NtCreateDisposition.Open, NtStatus.InvalidParameter)]
    [InlineData("file\\below", NtCreateOptions.None, NtCreateDisposition.OpenIf, NtStatus.ObjectPathNotFound)]
    [InlineData("nowhere\\below", NtCreateOptions.None, NtCreateDisposition.OpenIf, NtStatus.ObjectPathNotFound)]
    public void Directory_and_non_directory_options(string name, object options, object disposition, object expected)
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "file", "x");
            Dir(l.Lower1, "dir");
        });

        Assert.Equal((NtStatus)expected, v.Adapter.ZwCreateFileDirect(
            v, "\\" + name, NtAccessMask.FileGenericRead, (NtCreateDisposition)disposition, (NtCreateOptions)options));
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void A_directory_create_sets_IsDirectory_and_makes_the_directory_in_the_upper()
    {
        using var v = new UnionVolume();

        Assert.Equal(NtStatus.Success, v.Io.NtCreate(@"\made", NtAccessMask.ReadData, FileShare.Read, NtCreateDisposition.Create,
            NtCreateOptions.DirectoryFile, 0, out var h));
        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\made\*", out var entries));
        Assert.Equal([".", ".."], entries.Select(e => e.Name).ToArray());
        Assert.Equal(NtStatus.Success, v.Io.Close(h));
        Assert.True(Directory.Exists(Path.Combine(v.Upper, "made")));
    }

    [Fact]
    public void Delete_on_close_removes_at_the_last_cleanup_and_checks_at_create()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "temp.txt", "t");
            File(l.Lower0, "full/x", "x");
            File(l.Lower0, "ro.txt", "r");
            System.IO.File.SetUnixFileMode(Path.Combine(l.Lower0, "ro.txt"), UnixFileMode.UserRead);
        });
        var io = v.Io;
        const NtAccessMask Delete = NtAccessMask.Delete | NtAccessMask.ReadAttributes;

        Assert.Equal(NtStatus.DirectoryNotEmpty, io.NtCreate(@"\full", Delete, IoManager.ShareAll, NtCreateDisposition.Open,
            NtCreateOptions.DirectoryFile | NtCreateOptions.DeleteOnClose, 0, out _));
        Assert.Equal(NtStatus.CannotDelete, io.NtCreate(@"\ro.txt", Delete, IoManager.ShareAll, NtCreateDisposition.Open,
            NtCreateOptions.DeleteOnClose, 0, out _));
        Assert.Equal(NtStatus.Success, io.NtCreate(@"\temp.txt", Delete | NtAccessMask.FileGenericRead, IoManager.ShareAll,
            NtCreateDisposition.Open, NtCreateOptions.DeleteOnClose, 0, out var first));
        Assert.Equal(NtStatus.Success, io.NtCreate(@"\temp.txt", NtAccessMask.FileGenericRead, IoManager.ShareAll,
            NtCreateDisposition.Open, 0, 0, out var second));

        Assert.Equal(NtStatus.Success, io.Close(first));
        Assert.Empty(v.UpperTree());
        Assert.Equal(NtStatus.DeletePending, io.NtCreate(@"\temp.txt", NtAccessMask.FileGenericRead, IoManager.ShareAll,
            NtCreateDisposition.Open, 0, 0, out _));
        Assert.Equal(NtStatus.Success, io.Close(second));

        Assert.Equal(Win32Error.FileNotFound, io.GetFileAttributes(@"\temp.txt", out _));
        Assert.Equal([".wh.temp.txt"], v.UpperTree());
    }

    [Fact]
    public void A_read_only_union_refuses_every_change_as_write_protected()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "f", "x"), readOnly: true);
        var io = v.Io;

        Assert.Equal(Win32Error.WriteProtect, io.WriteAllBytes(@"\new", Bytes("n")));
        Assert.Equal(Win32Error.WriteProtect, io.CreateFile(@"\f", IoManager.GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.OpenExisting, 0, out _));
        Assert.Equal(Win32Error.WriteProtect, io.DeleteFile(@"\f"));
        Assert.Equal(Win32Error.WriteProtect, io.MoveFileEx(@"\f", @"\g", replaceExisting: false));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\f", out var text));
        Assert.Equal("x", text);
        Assert.Empty(Directory.EnumerateFileSystemEntries(v.Upper));
    }

    [Fact]
    public void Whiteout_names_cannot_be_created_through_the_volume()
    {
        using var v = new UnionVolume();

        Assert.Equal(Win32Error.InvalidName, v.Io.WriteAllBytes(@"\.wh.sneaky", Bytes("x")));
        Assert.Equal(Win32Error.InvalidName, v.Io.CreateDirectory(@"\.wh..wh..opq"));
        Assert.Empty(v.UpperTree());
    }
}

internal static class AdapterCalls
{
    // One ZwCreateFile through the I/O manager, closed again at once when it opened something.
    public static NtStatus ZwCreateFileDirect(
        this UnionDokanAdapter adapter, UnionVolume volume, string path, NtAccessMask access, NtCreateDisposition disposition,
        NtCreateOptions options)
    {
        _ = adapter;
        var status = volume.Io.NtCreate(path, access, IoManager.ShareAll, disposition, options, 0, out var handle);
        if (status != NtStatus.Success)
        {
            return status;
        }

        volume.Io.Close(handle);
        var opened = volume.Io.LastCreateOpenedExisting &&
            disposition is NtCreateDisposition.OpenIf or NtCreateDisposition.OverwriteIf or NtCreateDisposition.Supersede;
        return opened ? NtStatus.ObjectNameCollision : NtStatus.Success;
    }
}
