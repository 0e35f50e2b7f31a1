// What Windows programs do on the mounted drive, replayed as Win32 calls through the I/O manager model and the
// Dokan table: each step is "call, expected Win32 result", and each scenario ends by checking the upper on disk.
using Union.Windows.Dokan;
using static Union.Windows.Tests.IoManager.IoManager;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed class ScenarioTests
{
    [Fact]
    public void Explorer_copy_paste_of_a_lower_folder_writes_only_the_copy()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "src/a.txt", "alpha");
            File(l.Lower1, "src/sub/b.txt", "beta");
        });
        var io = v.Io;

        CopyTree(io, @"\src", @"\src - Copy");

        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\src - Copy\a.txt", out var a));
        Assert.Equal("alpha", a);
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\src - Copy\sub\b.txt", out var b));
        Assert.Equal("beta", b);
        Assert.Equal(
            ["src - Copy", Path.Combine("src - Copy", "a.txt"), Path.Combine("src - Copy", "sub"), Path.Combine("src - Copy", "sub", "b.txt")],
            v.UpperTree());
        Assert.Equal("alpha", v.UpperText("src - Copy/a.txt"));
        Assert.Equal(0, io.LiveContexts);
    }

    [Fact]
    public void Cmd_del_of_a_lower_file_leaves_a_whiteout_and_refuses_read_only_files()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "a.txt", "a");
            File(l.Lower0, "locked.txt", "r");
            System.IO.File.SetUnixFileMode(Path.Combine(l.Lower0, "locked.txt"), UnixFileMode.UserRead);
        });
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.FindFiles(@"\a.txt", out var found));
        Assert.Single(found);
        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\a.txt"));
        Assert.Equal(Win32Error.FileNotFound, io.FindFiles(@"\a.txt", out _));
        Assert.Equal(Win32Error.FileNotFound, io.DeleteFile(@"\a.txt"));

        // del without /f: the read-only file stays; attrib -r, then del works.
        Assert.Equal(Win32Error.AccessDenied, io.DeleteFile(@"\locked.txt"));
        Assert.Equal(Win32Error.Success, io.SetFileAttributes(@"\locked.txt", 0));
        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\locked.txt"));

        Assert.Equal([".wh.a.txt", ".wh.locked.txt"], v.UpperTree());
        Assert.True(System.IO.File.Exists(Path.Combine(v.Lower0, "a.txt")));
    }

    [Fact]
    public void Cmd_rd_refuses_a_merged_non_empty_folder_and_rd_s_removes_the_tree()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "tree/top.txt", "1");
            File(l.Lower1, "tree/deep/inner.txt", "2");
            Dir(l.Lower1, "tree/deep/empty");
        });
        var io = v.Io;

        Assert.Equal(Win32Error.DirNotEmpty, io.RemoveDirectory(@"\tree"));
        Assert.Equal(Win32Error.Directory, io.RemoveDirectory(@"\tree\top.txt"));
        Assert.Equal(Win32Error.AccessDenied, io.DeleteFile(@"\tree"));

        RemoveTree(io, @"\tree");

        Assert.Equal(Win32Error.FileNotFound, io.GetFileAttributes(@"\tree", out _));
        Assert.Equal(Win32Error.FileNotFound, io.FindFiles(@"\*", out _));
        Assert.Equal([".wh.tree"], v.UpperTree());
    }

    [Fact]
    public void PowerShell_Set_Content_on_a_lower_file_copies_it_up_and_keeps_its_file_index()
    {
        using var v = new UnionVolume(l => File(l.Lower1, "notes.txt", "old content"));
        var io = v.Io;
        var before = FileIndex(io, @"\notes.txt");

        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\notes.txt", Bytes("new")));
        Assert.Equal(Win32Error.AlreadyExists, io.LastError);

        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\notes.txt", out var text));
        Assert.Equal("new", text);
        Assert.Equal(before, FileIndex(io, @"\notes.txt"));
        Assert.Equal("new", v.UpperText("notes.txt"));
        Assert.Equal("old content", System.IO.File.ReadAllText(Path.Combine(v.Lower1, "notes.txt")));
    }

    [Fact]
    public void Git_replaces_the_index_through_index_lock()
    {
        using var v = new UnionVolume(l => File(l.Lower0, ".git/index", "old index"));
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.CreateFile(@"\.git\index.lock", GENERIC_READ | GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, 0, out var lockHandle));
        Assert.Equal(Win32Error.FileExists, io.CreateFile(@"\.git\index.lock", GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, 0, out _));
        Assert.Equal(Win32Error.Success, io.WriteFile(lockHandle, Bytes("new index")));
        Assert.Equal(Win32Error.Success, io.CloseHandle(lockHandle));

        Assert.Equal(Win32Error.AlreadyExists, io.MoveFileEx(@"\.git\index.lock", @"\.git\index", replaceExisting: false));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\.git\index.lock", @"\.git\index", replaceExisting: true));

        Assert.Equal(Win32Error.FileNotFound, io.GetFileAttributes(@"\.git\index.lock", out _));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\.git\index", out var index));
        Assert.Equal("new index", index);
        Assert.Equal([".git", Path.Combine(".git", "index")], v.UpperTree());
        Assert.Equal("new index", v.UpperText(".git/index"));
    }

    [Fact]
    public void Git_lock_deleted_while_held_is_delete_pending_until_the_last_close()
    {
        using var v = new UnionVolume(l => Dir(l.Lower0, ".git"));
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\.git\HEAD.lock", GENERIC_WRITE | DELETE, FileShare.Read | FileShare.Delete,
            Win32CreationDisposition.CreateNew, 0, out var held));

        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\.git\HEAD.lock"));
        Assert.True(io.IsDeletePending(@"\.git\HEAD.lock"));
        // NTFS answers ACCESS_DENIED to both; dokan2.sys refuses CREATE_NEW on an open name before its delete-pending check.
        Assert.Equal(Win32Error.FileExists, io.CreateFile(@"\.git\HEAD.lock", GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, 0, out _));
        Assert.Equal(Win32Error.AccessDenied, io.CreateFile(@"\.git\HEAD.lock", GENERIC_READ, ShareAll,
            Win32CreationDisposition.OpenExisting, 0, out _));
        Assert.True(v.InUpper(".git/HEAD.lock"));

        Assert.Equal(Win32Error.Success, io.CloseHandle(held));
        Assert.False(v.InUpper(".git/HEAD.lock"));
        Assert.Equal(Win32Error.FileNotFound, io.DeleteFile(@"\.git\HEAD.lock"));
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\.git\HEAD.lock", GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, 0, out var again));
        Assert.Equal(Win32Error.Success, io.CloseHandle(again));
        Assert.Equal([".git", Path.Combine(".git", "HEAD.lock")], v.UpperTree());
    }

    [Fact]
    public void Git_read_only_object_files_resist_delete_and_replace_until_the_attribute_is_cleared()
    {
        using var v = new UnionVolume(l => Dir(l.Lower0, ".git/objects"));
        var io = v.Io;
        const string Obj = @"\.git\objects\ab\cdef01";
        Assert.Equal(Win32Error.Success, io.CreateDirectory(@"\.git\objects\ab"));
        Assert.Equal(Win32Error.Success, io.CreateFile(Obj, GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.CreateNew, (uint)FileAttributes.ReadOnly, out var h));
        Assert.Equal(Win32Error.Success, io.WriteFile(h, Bytes("blob")));
        Assert.Equal(Win32Error.Success, io.CloseHandle(h));

        Assert.Equal(Win32Error.Success, io.GetFileAttributes(Obj, out var attributes));
        Assert.True(attributes.HasFlag(FileAttributes.ReadOnly));
        Assert.Equal(Win32Error.AccessDenied, io.CreateFile(Obj, GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out _));
        Assert.Equal(Win32Error.AccessDenied, io.DeleteFile(Obj));
        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\.git\objects\ab\tmp_obj", Bytes("other")));
        Assert.Equal(Win32Error.AccessDenied, io.MoveFileEx(@"\.git\objects\ab\tmp_obj", Obj, replaceExisting: true));

        Assert.Equal(Win32Error.Success, io.SetFileAttributes(Obj, FileAttributes.Normal));
        Assert.Equal(Win32Error.Success, io.DeleteFile(Obj));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\.git\objects\ab\tmp_obj", Obj, replaceExisting: false));
        Assert.Equal("other", v.UpperText(".git/objects/ab/cdef01"));
        Assert.Equal(
            [".git", Path.Combine(".git", "objects"), Path.Combine(".git", "objects", "ab"), Path.Combine(".git", "objects", "ab", "cdef01")],
            v.UpperTree());
    }

    [Fact]
    public void Git_reads_a_mapped_index_after_its_handle_is_closed()
    {
        using var v = new UnionVolume(l => File(l.Lower0, ".git/index", "mapped index bytes"));
        var io = v.Io;
        var nodes = v.Union.NodeCount;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\.git\index", GENERIC_READ, FileShare.Read,
            Win32CreationDisposition.OpenExisting, 0, out var h));
        io.MapView(h);
        Assert.Equal(Win32Error.Success, io.CloseHandle(h));
        Assert.Equal(1, io.LiveContexts);

        var page = new byte[4096];
        Assert.Equal(NtStatus.Success, io.Read(h, 0, page, out var read, pagingIo: true));
        Assert.Equal("mapped index bytes", System.Text.Encoding.UTF8.GetString(page, 0, read));

        io.UnmapView(h);
        Assert.Equal(0, io.LiveContexts);
        Assert.Equal(0, v.Adapter.OpenCount);
        Assert.True(v.Union.NodeCount <= nodes + 2, "lookup references were returned");
        Assert.Empty(v.UpperTree());
    }

    [Fact]
    public void Visual_Studio_save_through_a_temp_file_and_replace()
    {
        using var v = new UnionVolume(l => File(l.Lower0, "app/Program.cs", "class P {}"));
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\app\Program.cs~RF1a2b.TMP", Bytes("class P { int x; }")));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\app\Program.cs", @"\app\Program.cs~RF9f.TMP", replaceExisting: true));
        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\app\Program.cs~RF1a2b.TMP", @"\app\Program.cs", replaceExisting: true));
        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\app\Program.cs~RF9f.TMP"));

        Assert.Equal(Win32Error.Success, io.FindFiles(@"\app\*", out var entries));
        Assert.Equal([".", "..", "Program.cs"], entries.Select(e => e.Name).ToArray());
        Assert.Equal("class P { int x; }", v.UpperText("app/Program.cs"));
        Assert.Equal(["app", Path.Combine("app", "Program.cs")], v.UpperTree());
    }

    [Fact]
    public void Deleting_a_lower_file_shows_a_whiteout_in_the_upper_only()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "dir/keep.txt", "k");
            File(l.Lower1, "dir/gone.txt", "g");
        });

        Assert.Equal(Win32Error.Success, v.Io.DeleteFile(@"\dir\gone.txt"));

        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\dir\*", out var entries));
        Assert.Equal([".", "..", "keep.txt"], entries.Select(e => e.Name).ToArray());
        Assert.Equal(["dir", Path.Combine("dir", ".wh.gone.txt")], v.UpperTree());
        Assert.True(System.IO.File.Exists(Path.Combine(v.Lower1, "dir/gone.txt")));
    }

    /// <summary>
    /// One MoveFileEx, never ERROR_NOT_SAME_DEVICE (which makes Explorer copy the whole tree and delete it), also on
    /// the System.IO host Windows uses: the redirect is the `.wh..wh..redirect` file, no xattr. A restart keeps it.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Renaming_a_lower_folder_keeps_its_content_and_hides_the_old_name(bool portableHost)
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower0, "old/a.txt", "a");
            File(l.Lower1, "old/sub/b.txt", "b");
        }, caseInsensitive: true, portableHost: portableHost);
        var io = v.Io;

        Assert.Equal(Win32Error.Success, io.MoveFileEx(@"\OLD", @"\New", replaceExisting: false));

        Assert.Equal(Win32Error.FileNotFound, io.GetFileAttributes(@"\old", out _));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\new\sub\b.txt", out var b));
        Assert.Equal("b", b);
        Assert.Equal(Win32Error.Success, io.FindFiles(@"\new\*", out var entries));
        Assert.Equal([".", "..", "a.txt", "sub"], entries.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal([".wh.old", "New", Path.Combine("New", ".wh..wh..redirect")], v.UpperTree());
        Assert.Equal("/old", v.UpperText("New/.wh..wh..redirect"));
        Assert.True(Directory.Exists(Path.Combine(v.Lower0, "old")));

        v.Restart(caseInsensitive: true);
        Assert.Equal(Win32Error.Success, v.Io.FindFiles(@"\new\SUB\*", out var sub));
        Assert.Equal([".", "..", "b.txt"], sub.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal(Win32Error.FileNotFound, v.Io.GetFileAttributes(@"\.wh..wh..redirect", out _));
        Assert.Equal(Win32Error.FileNotFound, v.Io.GetFileAttributes(@"\new\.wh..wh..redirect", out _));
        Assert.Equal(Win32Error.Success, v.Io.MoveFileEx(@"\new", @"\old", replaceExisting: false));
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\old\a.txt", out var again));
        Assert.Equal("a", again);
    }

    // CopyFileEx per file, after creating each folder: read source, preset the size, write, copy times.
    private static void CopyTree(IoManager io, string from, string to)
    {
        Assert.Equal(Win32Error.Success, io.CreateDirectory(to));
        Assert.Equal(Win32Error.Success, io.FindFiles(from + @"\*", out var entries));
        foreach (var entry in entries.Where(e => e.Name is not "." and not ".."))
        {
            var source = from + "\\" + entry.Name;
            var target = to + "\\" + entry.Name;
            if (entry.Attributes.HasFlag(FileAttributes.Directory))
            {
                CopyTree(io, source, target);
                continue;
            }

            Assert.Equal(Win32Error.Success, io.CreateFile(source, GENERIC_READ, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out var s));
            Assert.Equal(Win32Error.Success, io.CreateFile(target, GENERIC_WRITE | DELETE, FileShare.None, Win32CreationDisposition.CreateNew, 0, out var t));
            io.SetFilePointer(t, entry.Size);
            Assert.Equal(Win32Error.Success, io.SetEndOfFile(t));
            io.SetFilePointer(t, 0);
            var buffer = new byte[entry.Size];
            Assert.Equal(Win32Error.Success, io.ReadFile(s, buffer, out _));
            Assert.Equal(Win32Error.Success, io.WriteFile(t, buffer));
            Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(s, out var info));
            Assert.Equal(Win32Error.Success, io.SetFileTime(t, Ticks(info.ftCreationTime), Ticks(info.ftLastAccessTime), Ticks(info.ftLastWriteTime)));
            Assert.Equal(Win32Error.Success, io.CloseHandle(t));
            Assert.Equal(Win32Error.Success, io.CloseHandle(s));
        }
    }

    // rd /s /q: depth first, files by DeleteFile, folders by RemoveDirectory.
    private static void RemoveTree(IoManager io, string path)
    {
        Assert.Equal(Win32Error.Success, io.FindFiles(path + @"\*", out var entries));
        foreach (var entry in entries.Where(e => e.Name is not "." and not ".."))
        {
            var child = path + "\\" + entry.Name;
            if (entry.Attributes.HasFlag(FileAttributes.Directory))
            {
                RemoveTree(io, child);
            }
            else
            {
                Assert.Equal(Win32Error.Success, io.DeleteFile(child));
            }
        }

        Assert.Equal(Win32Error.Success, io.RemoveDirectory(path));
    }

    private static long Ticks(Union.Windows.Dokan.Native.FILETIME time) => ((long)time.dwHighDateTime << 32) | time.dwLowDateTime;

    private static ulong FileIndex(IoManager io, string path)
    {
        Assert.Equal(Win32Error.Success, io.CreateFile(path, FILE_READ_ATTRIBUTES, ShareAll, Win32CreationDisposition.OpenExisting, 0, out var h));
        Assert.Equal(Win32Error.Success, io.GetFileInformationByHandle(h, out var info));
        io.CloseHandle(h);
        return ((ulong)info.nFileIndexHigh << 32) | info.nFileIndexLow;
    }
}
