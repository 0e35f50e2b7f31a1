// The volume callbacks through the native table: label, flags and limits Windows keys features on, free space
// of the upper's filesystem, Dokan's default security, and the mount notifications.
using Union.Windows.Dokan;
using Union.Windows.Tests.Dokan;
using Union.Windows.Tests.IoManager;

namespace Union.Windows.Tests.Adapter;

public sealed unsafe class VolumeTests
{
    [Theory]
    [InlineData(false, false, FileSystemFeatures.CasePreservedNames | FileSystemFeatures.UnicodeOnDisk | FileSystemFeatures.CaseSensitiveSearch)]
    [InlineData(true, false, FileSystemFeatures.CasePreservedNames | FileSystemFeatures.UnicodeOnDisk)]
    [InlineData(false, true, FileSystemFeatures.CasePreservedNames | FileSystemFeatures.UnicodeOnDisk | FileSystemFeatures.CaseSensitiveSearch | FileSystemFeatures.ReadOnlyVolume)]
    internal void Volume_information_names_NTFS_and_states_the_case_rules(bool caseInsensitive, bool readOnly, FileSystemFeatures expected)
    {
        using var v = new UnionVolume(caseInsensitive: caseInsensitive, readOnly: readOnly);
        using var native = new NativeCaller(v.Adapter);
        var label = stackalloc char[33];
        var fsName = stackalloc char[33];
        uint serial = 0, maxComponent = 0, flags = 0;

        var status = native.Ops->GetVolumeInformation(label, 33, &serial, &maxComponent, &flags, fsName, 33, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(status));
        Assert.Equal("union", new string(label));
        Assert.Equal("NTFS", new string(fsName));
        Assert.Equal(255u, maxComponent);
        Assert.Equal(0x554E494Fu, serial);
        Assert.Equal(expected, (FileSystemFeatures)flags);
    }

    [Fact]
    public void Free_space_is_the_upper_filesystem_and_none_on_a_read_only_union()
    {
        using var v = new UnionVolume();
        using var ro = new UnionVolume(readOnly: true);
        var drive = new DriveInfo(v.Upper);
        ulong free = 0, total = 0, totalFree = 0;

        using (var native = new NativeCaller(v.Adapter))
        {
            Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->GetDiskFreeSpace(&free, &total, &totalFree, native.Info)));
        }

        Assert.Equal((ulong)drive.TotalSize, total);
        Assert.InRange(free, 1UL, total);
        Assert.InRange(totalFree, free, total);
        using (var native = new NativeCaller(ro.Adapter))
        {
            Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->GetDiskFreeSpace(&free, &total, &totalFree, native.Info)));
        }

        Assert.Equal((0UL, 0UL), (free, totalFree));
    }

    [Fact]
    public void Security_is_left_to_dokans_default_descriptor()
    {
        using var v = new UnionVolume();
        using var native = new NativeCaller(v.Adapter);
        uint securityInformation = 7, needed = 99;
        var buffer = stackalloc byte[64];

        var status = native.Ops->GetFileSecurity(native.Str(@"\"), &securityInformation, buffer, 64, &needed, native.Info);

        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(status));
    }

    [Fact]
    public void Mounted_and_unmounted_track_the_actual_mount_point()
    {
        using var v = new UnionVolume();
        using var native = new NativeCaller(v.Adapter);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->Mounted(native.Str(@"M:\"), native.Info)));
        Assert.Equal(@"M:\", v.Adapter.MountPoint);
        Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->Unmounted(native.Info)));
        Assert.Null(v.Adapter.MountPoint);
    }

    [Fact]
    public void Callbacks_on_an_unknown_context_answer_invalid_handle()
    {
        using var v = new UnionVolume();
        using var native = new NativeCaller(v.Adapter);
        native.Info->Context = 12345;
        var buffer = stackalloc byte[8];
        uint read = 0;

        Assert.Equal(NtStatus.InvalidHandle, NativeCaller.Status(native.Ops->ReadFile(native.Str(@"\x"), buffer, 8, &read, 0, native.Info)));
        Assert.Equal(NtStatus.InvalidHandle, NativeCaller.Status(native.Ops->DeleteFile(native.Str(@"\x"), native.Info)));
        native.Ops->Cleanup(native.Str(@"\x"), native.Info);
        native.Ops->CloseFile(native.Str(@"\x"), native.Info);
        Assert.Equal(0, v.Adapter.OpenCount);
    }
}
