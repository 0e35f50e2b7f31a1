// Faults and crashes at the callback level, as on Linux through the mount: a full upper answers ERROR_DISK_FULL with
// no half file and the volume lives on; a process killed mid-change leaves only whole files, and the next start
// removes what an interrupted copy left in work. The upper sits on a small tmpfs (root, as all mounted tests).
using Union.Windows.Dokan;
using static Union.Windows.Tests.IoManager.IoManager;
using static Union.Windows.Tests.IoManager.UnionVolume;

namespace Union.Windows.Tests.IoManager;

public sealed class FaultTests
{
    private const long UpperBytes = 1 << 20;
    private static readonly byte[] Big = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray();

    private static void RequireRoot() =>
        Assert.True(Environment.UserName == "root", "these tests mount a tmpfs: run them as root, as CI does");

    private static string[] WorkLeftovers(UnionVolume v) =>
        Directory.EnumerateFileSystemEntries(Path.Combine(v.Work, "union-work")).ToArray();

    [Fact]
    public void A_copy_up_that_fills_the_upper_fails_with_disk_full_and_writes_no_half_file()
    {
        RequireRoot();
        using var v = new UnionVolume(l => System.IO.File.WriteAllBytes(Path.Combine(l.Lower1, "big.bin"), Big), upperBytes: UpperBytes);
        var io = v.Io;
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\big.bin", GENERIC_READ | GENERIC_WRITE, FileShare.Read,
            Win32CreationDisposition.OpenExisting, 0, out var h));
        Assert.Equal(Win32Error.DiskFull, io.WriteFile(h, Bytes("changed")));
        io.CloseHandle(h);

        Assert.False(v.InUpper("big.bin"));
        Assert.Empty(WorkLeftovers(v));
        Assert.Equal(Big, System.IO.File.ReadAllBytes(Path.Combine(v.Lower1, "big.bin")));
        // The volume lives on and still shows the lower file whole.
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\big.bin", GENERIC_READ, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out var r));
        var head = new byte[16];
        Assert.Equal(Win32Error.Success, io.ReadFile(r, head, out int read));
        Assert.Equal(Big[..16], head[..read]);
        io.CloseHandle(r);
    }

    [Fact]
    public void A_write_that_fills_the_upper_fails_with_disk_full_and_the_volume_lives()
    {
        RequireRoot();
        using var v = new UnionVolume(upperBytes: UpperBytes);
        var io = v.Io;
        Assert.Equal(Win32Error.DiskFull, io.WriteAllBytes(@"\huge.bin", Big));
        Assert.Equal(Win32Error.Success, io.DeleteFile(@"\huge.bin"));
        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\small.txt", Bytes("fits")));
        Assert.Equal("fits", v.UpperText("small.txt"));
        Assert.Empty(WorkLeftovers(v));
    }

    [Fact]
    public void A_read_only_upper_refuses_changes_with_write_protect_and_reads_go_on()
    {
        RequireRoot();
        using var v = new UnionVolume(l => File(l.Lower1, "kept.txt", "lower"), upperBytes: UpperBytes);
        var io = v.Io;
        v.UpperReadOnly(true);
        Assert.Equal(Win32Error.WriteProtect, io.WriteAllBytes(@"\new.txt", Bytes("x")));
        // A delete is only checked before Cleanup (which cannot fail): the check must see the read-only upper.
        Assert.Equal(Win32Error.WriteProtect, io.DeleteFile(@"\kept.txt"));
        Assert.Equal(Win32Error.WriteProtect, io.CreateDirectory(@"\dir"));
        Assert.Equal(Win32Error.Success, io.ReadAllText(@"\kept.txt", out var text));
        Assert.Equal("lower", text);
        v.UpperReadOnly(false);
        Assert.Equal(Win32Error.Success, io.WriteAllBytes(@"\new.txt", Bytes("x")));
        Assert.Equal(["new.txt"], v.UpperTree());
    }

    [Fact]
    public void After_a_crash_mid_change_the_restarted_volume_shows_whole_files_and_work_is_clean()
    {
        using var v = new UnionVolume(l =>
        {
            File(l.Lower1, @"docs/a.txt", "lower a");
            File(l.Lower1, @"docs/b.txt", "lower b");
        });
        var io = v.Io;
        // Changes in flight when the process dies: a copied-up file being written, a new file, an open delete.
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\docs\a.txt", GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.OpenExisting, 0, out var a));
        Assert.Equal(Win32Error.Success, io.WriteFile(a, Bytes("upper a")));
        Assert.Equal(Win32Error.Success, io.CreateFile(@"\docs\new.txt", GENERIC_WRITE, FileShare.Read, Win32CreationDisposition.CreateNew, 0, out var n));
        Assert.Equal(Win32Error.Success, io.WriteFile(n, Bytes("new")));
        // An interrupted copy-up leaves a temp in work: what a kill during the data copy looks like on disk.
        System.IO.File.WriteAllBytes(Path.Combine(v.Work, "union-work", "copy-interrupted"), Big[..4096]);

        v.Restart();   // the old engine and adapter are abandoned with both handles open

        Assert.Empty(WorkLeftovers(v));
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\docs\a.txt", out var aText));
        Assert.Equal("upper a", aText);
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\docs\b.txt", out var bText));
        Assert.Equal("lower b", bText);
        Assert.Equal(Win32Error.Success, v.Io.ReadAllText(@"\docs\new.txt", out var newText));
        Assert.Equal("new", newText);
        Assert.Equal("lower a", System.IO.File.ReadAllText(Path.Combine(v.Lower1, @"docs/a.txt")));
        Assert.Equal(["docs", "docs/a.txt", "docs/new.txt"], v.UpperTree());
    }
}
