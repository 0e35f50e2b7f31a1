// What the CLI's Windows path decides before it calls dokan2.dll: how a mount point is written and which
// DOKAN_OPTIONS flags follow from the union (the kernel's name rules must be the engine's).
using Union.Windows.Dokan.Native;
using Union.Windows.Tests.IoManager;

namespace Union.Windows.Tests.Adapter;

public sealed class MountTests
{
    [Theory]
    [InlineData("x:", @"X:\")]
    [InlineData(@"M:\", @"M:\")]
    [InlineData("m:/", @"M:\")]
    public void Drive_letters_normalise_to_the_form_Dokan_takes(string given, string expected)
    {
        Assert.True(WindowsMountPoint.IsDriveLetter(given));
        Assert.Equal(expected, WindowsMountPoint.Normalize(given));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("xy:")]
    [InlineData("1:")]
    [InlineData(@"C:\mnt")]
    public void Other_mount_points_are_folders(string given)
    {
        Assert.False(WindowsMountPoint.IsDriveLetter(given));
    }

    [Theory]
    [InlineData(false, false, DokanOptionFlags.MountManager | DokanOptionFlags.CaseSensitive)]
    [InlineData(true, false, DokanOptionFlags.MountManager)]
    [InlineData(true, true, DokanOptionFlags.MountManager | DokanOptionFlags.WriteProtect)]
    internal void Mount_flags_follow_the_union(bool caseInsensitive, bool readOnly, DokanOptionFlags expected)
    {
        using var v = new UnionVolume(caseInsensitive: caseInsensitive, readOnly: readOnly);

        var options = UnionDokanMount.OptionsFor(v.Union, @"U:\");

        Assert.Equal(expected, options.Options);
        Assert.Equal(@"U:\", options.MountPoint);
    }
}
