// The two translation tables of the adapter: names between Linux layers and Windows, engine errors to NTSTATUS.
using Union.Core;
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Adapter;

public sealed class NameAndStatusTests
{
    [Theory]
    [InlineData("plain.txt", "plain.txt")]
    [InlineData("a:b", "a\uF03Ab")]
    [InlineData("<*?|\">", "\uF03C\uF02A\uF03F\uF07C\uF022\uF03E")]
    [InlineData("tab\there", "tab\uF009here")]
    [InlineData("ends.", "ends\uF02E")]
    [InlineData("ends ", "ends\uF020")]
    [InlineData("mid. dle.x", "mid. dle.x")]
    [InlineData("back\\slash", "back\uF05Cslash")]
    public void Linux_names_map_into_windows_and_back(string linux, string windows)
    {
        Assert.Equal(windows, WindowsNames.ToWindows(linux));
        Assert.True(WindowsNames.TryToUnion(windows, out var back));
        Assert.Equal(linux, back);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("file:stream")]
    [InlineData("a*b")]
    [InlineData("a/b")]
    public void Components_that_are_no_name_are_refused(string component)
    {
        Assert.False(WindowsNames.TryToUnion(component, out _));
    }

    [Fact]
    public void A_private_use_character_that_maps_nothing_stays_as_it_is()
    {
        // U+F041 would be 'A', which Windows can spell itself: not a mapped character.
        Assert.True(WindowsNames.TryToUnion("x\uF041.", out var name));
        Assert.Equal("x\uF041.", name);
    }

    [Fact]
    public void Every_engine_error_has_a_deliberate_ntstatus()
    {
        foreach (var error in Enum.GetValues<FsError>())
        {
            var status = StatusMap.From(error);
            Assert.True(status != NtStatus.UnexpectedIoError, $"{error} falls through to STATUS_UNEXPECTED_IO_ERROR");
            Assert.Equal(error == FsError.None, status == NtStatus.Success);
        }
    }

    [Theory]
    [InlineData(FsError.NotFound, NtStatus.ObjectNameNotFound)]
    [InlineData(FsError.Exists, NtStatus.ObjectNameCollision)]
    [InlineData(FsError.NotEmpty, NtStatus.DirectoryNotEmpty)]
    [InlineData(FsError.ReadOnly, NtStatus.MediaWriteProtected)]
    [InlineData(FsError.NoSpace, NtStatus.DiskFull)]
    [InlineData(FsError.AccessDenied, NtStatus.AccessDenied)]
    [InlineData(FsError.IsDirectory, NtStatus.FileIsADirectory)]
    [InlineData(FsError.NotDirectory, NtStatus.NotADirectory)]
    internal void Common_errors_map_as_Windows_programs_expect(FsError error, NtStatus expected)
    {
        Assert.Equal(expected, StatusMap.From(error));
    }
}
