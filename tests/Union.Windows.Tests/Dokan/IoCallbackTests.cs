// ReadFile/WriteFile/FlushFileBuffers/GetFileInformation through the table: buffers, lengths, flags and the
// BY_HANDLE_FILE_INFORMATION bytes dokan2.dll reads back.
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Tests.Dokan;

public unsafe class IoCallbackTests
{
    [Fact]
    public void ReadFile_fills_the_native_buffer_and_length()
    {
        var fs = new FakeFileSystem { ReadData = [1, 2, 3, 4, 5] };
        using var native = new NativeCaller(fs);
        native.Info->PagingIo = 1;
        var buffer = stackalloc byte[16];
        uint read = 12345;

        var result = native.Ops->ReadFile(native.Str(@"\f.bin"), buffer, 16, &read, 4096, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(5u, read);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, new ReadOnlySpan<byte>(buffer, 5).ToArray());
        Assert.Equal(16, fs.LastArgs[0]);
        Assert.Equal(4096L, fs.LastArgs[1]);
        Assert.True(fs.SawPagingIo);
    }

    [Fact]
    public void ReadFile_error_reports_zero_bytes()
    {
        var fs = new FakeFileSystem { Throw = new IOException() };
        using var native = new NativeCaller(fs);
        var buffer = stackalloc byte[4];
        uint read = 7;

        var result = native.Ops->ReadFile(native.Str(@"\f"), buffer, 4, &read, 0, native.Info);

        Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
        Assert.Equal(0u, read);
    }

    [Fact]
    public void WriteFile_hands_over_the_bytes_and_append_flag()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        native.Info->WriteToEndOfFile = 1;
        var data = stackalloc byte[] { 9, 8, 7 };
        uint written = 0;

        var result = native.Ops->WriteFile(native.Str(@"\log.txt"), data, 3, &written, -1, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(3u, written);
        Assert.Equal(new byte[] { 9, 8, 7 }, fs.Written);
        Assert.Equal(-1L, fs.LastArgs[0]);
        Assert.True(fs.SawWriteToEndOfFile);
    }

    [Fact]
    public void FlushFileBuffers_returns_the_filesystem_status()
    {
        var fs = new FakeFileSystem { Result = NtStatus.DiskFull };
        using var native = new NativeCaller(fs);

        var result = native.Ops->FlushFileBuffers(native.Str(@"\f"), native.Info);

        Assert.Equal(NtStatus.DiskFull, NativeCaller.Status(result));
    }

    [Fact]
    public void GetFileInformation_writes_by_handle_file_information()
    {
        var fs = new FakeFileSystem
        {
            Information = new FileInformation
            {
                Attributes = FileAttributes.ReadOnly | FileAttributes.Archive,
                CreationTime = 0x01D9_0000_1234_5678,
                LastAccessTime = 0x01D9_0000_2222_3333,
                LastWriteTime = 0x01D9_0000_4444_5555,
                Length = 0x1_2345_6789,
                FileIndex = 0xAABB_CCDD_0011_2233,
                NumberOfLinks = 1,
                VolumeSerialNumber = 0x19831116,
            },
        };
        using var native = new NativeCaller(fs);
        BY_HANDLE_FILE_INFORMATION info = default;

        var result = native.Ops->GetFileInformation(native.Str(@"\x"), &info, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        var bytes = new ReadOnlySpan<byte>(&info, sizeof(BY_HANDLE_FILE_INFORMATION));
        Assert.Equal(0x21u, U32(bytes, 0));
        Assert.Equal(0x1234_5678u, U32(bytes, 4));
        Assert.Equal(0x01D9_0000u, U32(bytes, 8));
        Assert.Equal(0x2222_3333u, U32(bytes, 12));
        Assert.Equal(0x4444_5555u, U32(bytes, 20));
        Assert.Equal(0x19831116u, U32(bytes, 28));
        Assert.Equal(1u, U32(bytes, 32));
        Assert.Equal(0x2345_6789u, U32(bytes, 36));
        Assert.Equal(1u, U32(bytes, 40));
        Assert.Equal(0xAABB_CCDDu, U32(bytes, 44));
        Assert.Equal(0x0011_2233u, U32(bytes, 48));
    }

    [Fact]
    public void GetFileInformation_failure_leaves_the_buffer_alone()
    {
        var fs = new FakeFileSystem { Result = NtStatus.ObjectNameNotFound, Information = new FileInformation { Length = 5 } };
        using var native = new NativeCaller(fs);
        BY_HANDLE_FILE_INFORMATION info = default;

        var result = native.Ops->GetFileInformation(native.Str(@"\x"), &info, native.Info);

        Assert.Equal(NtStatus.ObjectNameNotFound, NativeCaller.Status(result));
        Assert.Equal(0u, info.nFileSizeLow);
    }

    internal static uint U32(ReadOnlySpan<byte> bytes, int offset) =>
        System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
}
