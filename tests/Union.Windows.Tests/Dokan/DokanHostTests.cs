// DokanHost error reporting without a driver: on a machine without dokan2.dll mounting must fail with a
// DokanException that says where to get Dokan, and old libraries / mount errors must be explained.
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Dokan;

public class DokanHostTests
{
    [SkippableFact]
    public void Missing_dokan2_dll_is_reported_with_the_download_location()
    {
        Skip.If(OperatingSystem.IsWindows() && NativeLibraryLoads(), "dokan2.dll is installed here");
#pragma warning disable CA1416 // Exercising the Windows entry point is the point: it must fail cleanly elsewhere.
        var error = Assert.Throws<DokanException>(() => DokanHost.Mount(new FakeFileSystem(), new DokanMountOptions(@"M:\")));
#pragma warning restore CA1416

        Assert.IsType<DllNotFoundException>(error.InnerException);
        Assert.Contains("https://github.com/dokan-dev/dokany/releases", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.MountResult);
    }

    [Theory]
    [InlineData(199u)]
    [InlineData(100u)]
    [InlineData(0u)]
    public void Libraries_older_than_2_0_0_are_refused(uint version)
    {
        var error = DokanException.CheckVersion(version);

        Assert.NotNull(error);
        Assert.Contains(DokanException.DownloadUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("2.0.0", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(200u)]
    [InlineData(231u)]
    public void Dokan_2_libraries_are_accepted(uint version) => Assert.Null(DokanException.CheckVersion(version));

    [Theory]
    [InlineData(231u, "2.3.1")]
    [InlineData(200u, "2.0.0")]
    [InlineData(199u, "1.9.9")]
    public void Versions_format_as_dokan_encodes_them(uint version, string text) =>
        Assert.Equal(text, DokanException.FormatVersion(version));

    [Theory]
    [InlineData(-2, "drive letter")]
    [InlineData(-3, "driver is not installed")]
    [InlineData(-6, "mount point")]
    [InlineData(-7, "Dokan Library 2.x")]
    [InlineData(-42, "unknown error -42")]
    public void Mount_results_are_explained(int result, string fragment)
    {
        var error = DokanException.MountFailed(result, @"C:\mnt\u");

        Assert.Equal(result, error.MountResult);
        Assert.Contains(@"C:\mnt\u", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_mount_options_follow_the_recommendation()
    {
        var options = new DokanMountOptions(@"M:\");

        Assert.Equal(Union.Windows.Dokan.Native.DokanOptionFlags.MountManager, options.Options);
        Assert.False(options.SingleThread);
        Assert.Equal(TimeSpan.FromSeconds(20), options.Timeout);
    }

    private static bool NativeLibraryLoads()
    {
        if (!System.Runtime.InteropServices.NativeLibrary.TryLoad("dokan2", out var handle))
        {
            return false;
        }

        System.Runtime.InteropServices.NativeLibrary.Free(handle);
        return true;
    }
}
