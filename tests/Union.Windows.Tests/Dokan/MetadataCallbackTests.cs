// Metadata, namespace, lock, volume and security callbacks through the table: argument conversion
// (BOOL, FILETIME*, NUL-terminated output buffers) and the defaults for optional callbacks.
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Tests.Dokan;

public unsafe class MetadataCallbackTests
{
    [Fact]
    public void SetFileAttributes_passes_attributes()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        var result = native.Ops->SetFileAttributes(native.Str(@"\f"), 0x3, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(FileAttributes.ReadOnly | FileAttributes.Hidden, fs.LastArgs[0]);
    }

    [Fact]
    public void SetFileTime_converts_filetimes_and_treats_null_as_unchanged()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        var write = new FILETIME(0x01DA_0000_0000_0001);
        var access = new FILETIME(-1);

        native.Ops->SetFileTime(native.Str(@"\f"), null, &access, &write, native.Info);

        Assert.Equal(0L, fs.LastArgs[0]);
        Assert.Equal(-1L, fs.LastArgs[1]);
        Assert.Equal(0x01DA_0000_0000_0001L, fs.LastArgs[2]);
    }

    [Fact]
    public void DeleteFile_and_DeleteDirectory_see_the_requested_disposition()
    {
        var fs = new FakeFileSystem { Result = NtStatus.DirectoryNotEmpty };
        using var native = new NativeCaller(fs);
        native.Info->DeletePending = 1;

        Assert.Equal(NtStatus.DirectoryNotEmpty, NativeCaller.Status(native.Ops->DeleteDirectory(native.Str(@"\d"), native.Info)));
        Assert.True(fs.SawDeletePending);

        native.Info->DeletePending = 0;
        fs.Result = NtStatus.Success;
        Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->DeleteFile(native.Str(@"\f"), native.Info)));
        Assert.False(fs.SawDeletePending);
        Assert.Equal([nameof(IDokanFileSystem.DeleteDirectory), nameof(IDokanFileSystem.DeleteFile)], fs.Calls);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(-1, true)]
    public void MoveFile_passes_both_names_and_win32_bool(int replace, bool expected)
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        native.Ops->MoveFile(native.Str(@"\.git\index.lock"), native.Str(@"\.git\index"), replace, native.Info);

        Assert.Equal(@"\.git\index.lock", fs.LastName);
        Assert.Equal(@"\.git\index", fs.LastSecondName);
        Assert.Equal(expected, fs.LastArgs[0]);
    }

    [Fact]
    public void SetEndOfFile_and_SetAllocationSize_pass_64_bit_sizes()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        native.Ops->SetEndOfFile(native.Str(@"\f"), 0x1_0000_0000, native.Info);
        Assert.Equal(0x1_0000_0000L, fs.LastArgs[0]);
        native.Ops->SetAllocationSize(native.Str(@"\f"), 4096, native.Info);
        Assert.Equal(4096L, fs.LastArgs[0]);
    }

    [Fact]
    public void Lock_callbacks_default_to_not_implemented()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(native.Ops->LockFile(native.Str(@"\f"), 0, 10, native.Info)));
        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(native.Ops->UnlockFile(native.Str(@"\f"), 0, 10, native.Info)));
    }

    [Fact]
    public void GetDiskFreeSpace_writes_all_three_counters()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        ulong available = 0, total = 0, free = 0;

        var result = native.Ops->GetDiskFreeSpace(&available, &total, &free, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal((1000ul, 5_000_000_000ul, 2000ul), (available, total, free));
    }

    [Fact]
    public void GetVolumeInformation_fills_terminated_names_and_numbers()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        var label = stackalloc char[33];
        var fsName = stackalloc char[16];
        new Span<char>(label, 33).Fill('#');
        uint serial = 0, maxComponent = 0, flags = 0;

        var result = native.Ops->GetVolumeInformation(label, 33, &serial, &maxComponent, &flags, fsName, 16, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal("Union", new string(label));
        Assert.Equal("NTFS", new string(fsName));
        Assert.Equal(0x19831116u, serial);
        Assert.Equal(255u, maxComponent);
        Assert.Equal(0x6u, flags);
        Assert.Equal(32, fs.LastArgs[0]);
        Assert.Equal(15, fs.LastArgs[1]);
    }

    [Fact]
    public void GetVolumeInformation_overlong_label_cannot_overrun_the_buffer()
    {
        var fs = new FakeFileSystem { VolumeLabel = new string('L', 40) };
        using var native = new NativeCaller(fs);
        var label = stackalloc char[34];
        label[33] = '!';
        var fsName = stackalloc char[16];
        uint serial = 0, maxComponent = 0, flags = 0;

        var result = native.Ops->GetVolumeInformation(label, 33, &serial, &maxComponent, &flags, fsName, 16, native.Info);

        Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
        Assert.Equal('!', label[33]);
    }

    [Fact]
    public void Mounted_and_Unmounted_reach_the_filesystem()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->Mounted(native.Str(@"M:\"), native.Info)));
        Assert.Equal(@"M:\", fs.LastName);
        Assert.Equal(NtStatus.Success, NativeCaller.Status(native.Ops->Unmounted(native.Info)));
    }

    // NOT_IMPLEMENTED (not some other error) lets dokan2.dll synthesize a usable security descriptor.
    [Fact]
    public void Security_callbacks_default_to_not_implemented()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        uint securityInformation = 0x7, needed = 99;
        var buffer = stackalloc byte[64];

        var get = native.Ops->GetFileSecurity(native.Str(@"\f"), &securityInformation, buffer, 64, &needed, native.Info);
        var set = native.Ops->SetFileSecurity(native.Str(@"\f"), &securityInformation, buffer, 64, native.Info);

        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(get));
        Assert.Equal(0u, needed);
        Assert.Equal(NtStatus.NotImplemented, NativeCaller.Status(set));
    }
}
