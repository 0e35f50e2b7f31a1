// Copy-up, whiteouts, opaque directories and renames, checked on the upper layer's disk and in the view.
namespace Union.Core.Tests;

public abstract class MutationTests : HostTests
{
    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Classic_walkthrough(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        f.File(f.Lower(0), "test1", "old\n");
        using (var fs = f.Open(format))
        {
            fs.Write("/test2", "new\n");
            fs.Write("/test1", "more\n", append: true);
            Assert.Equal("old\nmore\n", fs.Read("/test1"));
            Assert.Equal(FsError.None, fs.Unlink("/test1"));
            Assert.False(fs.Exists("/test1"));
            Assert.Equal(["test2"], fs.List("/"));
        }
        Assert.Equal("old\n", File.ReadAllText(Path.Combine(f.Lower(0), "test1")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(f.Upper, "test2")));
        if (format == WhiteoutFormat.Oci) Assert.True(File.Exists(Path.Combine(f.Upper, ".wh.test1")));
        else Assert.False(File.Exists(Path.Combine(f.Upper, ".wh.test1")));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(f.Work, "union-work")));
    }

    [Fact]
    public void Killing_set_id_bits_clears_setuid_and_executable_setgid_and_copies_up_only_when_there_is_one()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "suid", "s");
        f.File(f.Lower(0), "sgid-noexec", "g");
        f.File(f.Lower(0), "plain", "p");
        File.SetUnixFileMode(Path.Combine(f.Lower(0), "suid"), (UnixFileMode)0b_110_111_101_101);            // 06755
        File.SetUnixFileMode(Path.Combine(f.Lower(0), "sgid-noexec"), (UnixFileMode)0b_010_110_100_100);     // 02644
        using var fs = f.Open();
        var kill = new AttributeChanges { KillSetId = true };
        Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/suid"), kill, null, out var suid));
        Assert.Equal(0b_111_101_101u, suid.Mode & 0xFFF);   // both gone: the group may execute
        Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/sgid-noexec"), kill, null, out var sgid));
        Assert.Equal(0b_010_110_100_100u, sgid.Mode & 0xFFF); // setgid without group execute is mandatory locking: kept
        Assert.Equal(FsError.None, fs.SetAttributes(fs.Id("/plain"), kill, null, out var plain));
        Assert.Equal("p", fs.Read("/plain"));
        Assert.Equal(["suid"], Directory.GetFileSystemEntries(f.Upper).Select(Path.GetFileName));
        Assert.Equal(0b_110_111_101_101, (int)File.GetUnixFileMode(Path.Combine(f.Lower(0), "suid")));
    }

    [Fact]
    public void Killing_set_id_bits_of_an_unlinked_open_file_is_no_error()
    {
        // A write with FUSE_WRITE_KILL_SUIDGID may reach a file that lost its last name while open.
        using var f = Layers(1);
        using var fs = f.Open();
        Assert.Equal(FsError.None, fs.CreateFile(UnionFileSystem.RootId, "gone", OpenMode.ReadWrite, 0x9ED, new Caller(0, 0),
            out ulong id, out _, out var file));
        using (file)
        {
            Assert.Equal(FsError.None, fs.Unlink("/gone"));
            Assert.Equal(FsError.None, fs.SetAttributes(id, new AttributeChanges { KillSetId = true }, file, out _));
        }
    }

    [Fact]
    public void Copying_a_range_from_a_lower_file_into_a_new_one_leaves_the_lower_in_place()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "source", "0123456789");
        using var fs = f.Open();
        Assert.Equal(FsError.None, fs.Open(fs.Id("/source"), OpenMode.ReadOnly, out var source));
        Assert.Equal(FsError.None, fs.CreateFile(UnionFileSystem.RootId, "copy", OpenMode.ReadWrite, 0x1A4, new Caller(0, 0),
            out _, out _, out var target));
        using (source)
        using (target)
        {
            long done = 0;
            while (source!.CopyTo(2 + done, target!, done, 6 - done, out long n) == FsError.None && n > 0) done += n;
            Assert.Equal(6, done);
            Assert.Equal(FsError.None, source.CopyTo(10, target!, 6, 4, out long atEnd));
            Assert.Equal(0, atEnd);   // end of the source: nothing more to copy
        }
        Assert.Equal("234567", fs.Read("/copy"));
        Assert.Equal(["copy"], Directory.GetFileSystemEntries(f.Upper).Select(Path.GetFileName));   // source stays below
    }

    [Fact]
    public void Copy_up_preserves_mode_times_and_parents()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "a/b/c.txt", "data");
        var lowerFile = Path.Combine(f.Lower(0), "a/b/c.txt");
        File.SetUnixFileMode(lowerFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        File.SetLastWriteTimeUtc(lowerFile, new DateTime(2001, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        using var fs = f.Open();
        var before = fs.Stat("/a/b/c.txt");
        Assert.Equal(FsError.None, fs.Open(fs.Id("/a/b/c.txt"), OpenMode.WriteOnly, out var file));  // copies up
        file!.Dispose();
        var after = fs.Stat("/a/b/c.txt");
        Assert.Equal(before.Inode, after.Inode);
        Assert.Equal(before.Mode, after.Mode);
        Assert.Equal(before.ModifyTime, after.ModifyTime);
        Assert.Equal("data", File.ReadAllText(Path.Combine(f.Upper, "a/b/c.txt")));
        Assert.True(Directory.Exists(Path.Combine(f.Upper, "a/b")));
    }

    [Fact]
    public void Rmdir_needs_an_empty_merged_directory_and_mkdir_over_whiteout_is_opaque()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "d/lower-file", "x");
        using var fs = f.Open();
        Assert.Equal(FsError.NotEmpty, fs.Rmdir("/d"));
        Assert.Equal(FsError.None, fs.Unlink("/d/lower-file"));
        Assert.Equal(FsError.None, fs.Rmdir("/d"));
        Assert.False(fs.Exists("/d"));
        Assert.Equal(FsError.None, fs.Mkdir("/d"));
        Assert.Empty(fs.List("/d"));
        Assert.True(File.Exists(Path.Combine(f.Upper, "d/.wh..wh..opq")));
    }

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Renaming_a_lower_directory_works_and_keeps_its_content(WhiteoutFormat format)
    {
        Skip.If(format == WhiteoutFormat.Overlay && Portable, NoOverlayFormat);
        using var f = Layers(1);
        for (int i = 0; i < 50; i++) f.File(f.Lower(0), $"src/sub/file{i}", $"{i}");
        using (var fs = f.Open(format))
        {
            Assert.Equal(FsError.None, fs.Move("/src", "/dst"));
            Assert.False(fs.Exists("/src"));
            Assert.Equal(50, fs.List("/dst/sub").Length);
            Assert.Equal("7", fs.Read("/dst/sub/file7"));
        }
        // The redirect: a marker file in the OCI format, the kernel's xattr (and no file) in the overlay format.
        Assert.Equal(format == WhiteoutFormat.Oci, File.Exists(Path.Combine(f.Upper, "dst/.wh..wh..redirect")));
        using (var again = f.Open(format))
        {
            Assert.False(again.Exists("/src"));
            Assert.Equal("7", again.Read("/dst/sub/file7"));
            Assert.Equal(FsError.None, again.Mkdir("/src"));
            Assert.Empty(again.List("/src"));
        }
        Assert.Equal(50, Directory.GetFiles(Path.Combine(f.Lower(0), "src/sub")).Length);
    }

    [Fact]
    public void Rename_flags_noreplace_and_exchange()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "a", "A");
        f.File(f.Lower(0), "b", "B");
        using var fs = f.Open();
        Assert.Equal(FsError.Exists, fs.Move("/a", "/b", RenameFlags.NoReplace));
        Assert.Equal(FsError.None, fs.Move("/a", "/b", RenameFlags.Exchange));
        Assert.Equal("B", fs.Read("/a"));
        Assert.Equal("A", fs.Read("/b"));
        Assert.Equal(FsError.NotFound, fs.Move("/a", "/c", RenameFlags.Exchange));
        Assert.Equal(FsError.None, fs.Move("/a", "/b"));
        Assert.Equal(["b"], fs.List("/"));
        Assert.Equal("B", fs.Read("/b"));
    }

    [Fact]
    public void Read_only_union_refuses_every_change()
    {
        using var f = Layers(1);
        f.File(f.Lower(0), "a", "A");
        using var fs = f.Open(readOnly: true);
        Assert.Equal(FsError.ReadOnly, fs.Open(fs.Id("/a"), OpenMode.WriteOnly, out _));
        Assert.Equal(FsError.ReadOnly, fs.Unlink("/a"));
        Assert.Equal(FsError.ReadOnly, fs.Mkdir("/d"));
        Assert.Equal(FsError.ReadOnly, fs.Move("/a", "/b"));
    }

    [SkippableFact]
    public void Hard_link_shares_one_inode()
    {
        Skip.If(Portable, "System.IO has no hard links: the portable host returns NotSupported");
        using var f = Layers(1);
        f.File(f.Lower(0), "a", "A");
        using var fs = f.Open();
        var (parent, _) = fs.Split("/b");
        Assert.Equal(FsError.None, fs.Link(fs.Id("/a"), parent, "b", out _, out var attributes));
        Assert.Equal(fs.Stat("/a").Inode, fs.Stat("/b").Inode);
        Assert.Equal(2u, fs.Stat("/b").LinkCount);
        Assert.Equal(2u, attributes.LinkCount);
    }
}

public sealed class MutationTestsOnLinuxHost : MutationTests
{
    protected override HostKind Host => HostKind.Linux;
}

public sealed class MutationTestsOnPortableHost : MutationTests
{
    protected override HostKind Host => HostKind.Portable;
}
