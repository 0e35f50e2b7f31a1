// ZwCreateFile/Cleanup/CloseFile through the DOKAN_OPERATIONS table, as dokan2.dll calls them, and the
// guarantee that no exception or bad context ever crosses back into native code.
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Tests.Dokan;

public unsafe class CreateCallbackTests
{
    [Fact]
    public void Table_fills_every_slot_with_a_distinct_entry_point()
    {
        var ops = DokanCallbacks.CreateOperations();
        var slots = new ReadOnlySpan<nint>(&ops, sizeof(DOKAN_OPERATIONS) / sizeof(nint)).ToArray();

        Assert.Equal(25, slots.Length);
        Assert.DoesNotContain(0, slots);
        Assert.Equal(25, slots.Distinct().Count());
    }

    [Fact]
    public void ZwCreateFile_passes_raw_nt_values_and_reports_collision()
    {
        var fs = new FakeFileSystem { Result = NtStatus.ObjectNameCollision, ContextToSet = 77 };
        using var native = new NativeCaller(fs);
        DOKAN_IO_SECURITY_CONTEXT security = default;

        var result = native.Ops->ZwCreateFile(
            native.Str(@"\Dir\ReadMe.md"), &security, 0x00120089, 0x80, 0x7, 3, 0x1060, native.Info);

        Assert.Equal(NtStatus.ObjectNameCollision, NativeCaller.Status(result));
        Assert.Equal(unchecked((int)0xC0000035), result);
        Assert.Equal(@"\Dir\ReadMe.md", fs.LastName);
        Assert.Equal(NtAccessMask.FileGenericRead, fs.LastArgs[0]);
        Assert.Equal(FileAttributes.Normal, fs.LastArgs[1]);
        Assert.Equal(FileShare.ReadWrite | FileShare.Delete, fs.LastArgs[2]);
        Assert.Equal(NtCreateDisposition.OpenIf, fs.LastArgs[3]);
        Assert.Equal(NtCreateOptions.DeleteOnClose | NtCreateOptions.NonDirectoryFile | NtCreateOptions.SynchronousIoNonAlert, fs.LastArgs[4]);
        Assert.Equal(77ul, native.Info->Context);
        Assert.Equal(0, native.Info->IsDirectory);
    }

    [Fact]
    public void ZwCreateFile_can_mark_the_open_as_a_directory()
    {
        var fs = new FakeFileSystem { SetDirectory = true };
        using var native = new NativeCaller(fs);

        var result = native.Ops->ZwCreateFile(native.Str(@"\"), null, 0x100080, 0, 3, 1, 0x21, native.Info);

        Assert.Equal(NtStatus.Success, NativeCaller.Status(result));
        Assert.Equal(1, native.Info->IsDirectory);
    }

    [Fact]
    public void Exception_in_filesystem_becomes_unexpected_io_error_and_is_reported()
    {
        var boom = new InvalidOperationException("boom");
        var fs = new FakeFileSystem { Throw = boom };
        using var native = new NativeCaller(fs);

        var result = native.Ops->ZwCreateFile(native.Str(@"\a"), null, 0, 0, 0, 1, 0, native.Info);

        Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
        Assert.Equal(nameof(IDokanFileSystem.ZwCreateFile), fs.Reported?.Callback);
        Assert.Same(boom, fs.Reported?.Exception);
    }

    [Fact]
    public void Missing_global_context_is_an_error_not_a_crash()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        var saved = native.Options->GlobalContext;
        native.Options->GlobalContext = 0;
        try
        {
            var result = native.Ops->ZwCreateFile(native.Str(@"\a"), null, 0, 0, 0, 1, 0, native.Info);
            native.Ops->Cleanup(native.Str(@"\a"), native.Info);

            Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
            Assert.Empty(fs.Calls);
        }
        finally
        {
            native.Options->GlobalContext = saved;
        }
    }

    [Fact]
    public void Cleanup_sees_delete_pending_and_close_releases_context()
    {
        var fs = new FakeFileSystem();
        using var native = new NativeCaller(fs);
        native.Info->Context = 99;
        native.Info->DeletePending = 1;

        native.Ops->Cleanup(native.Str(@"\gone.txt"), native.Info);
        Assert.True(fs.SawDeletePending);
        Assert.Equal(@"\gone.txt", fs.LastName);

        native.Ops->CloseFile(native.Str(@"\gone.txt"), native.Info);
        Assert.Equal(99ul, fs.LastArgs[0]);
        Assert.Equal(0ul, native.Info->Context);
        Assert.Equal([nameof(IDokanFileSystem.Cleanup), nameof(IDokanFileSystem.CloseFile)], fs.Calls);
    }

    [Fact]
    public void Void_callbacks_swallow_exceptions()
    {
        var fs = new FakeFileSystem { Throw = new IOException("disk gone") };
        using var native = new NativeCaller(fs);

        native.Ops->Cleanup(native.Str(@"\a"), native.Info);
        Assert.Equal(nameof(IDokanFileSystem.Cleanup), fs.Reported?.Callback);
        native.Ops->CloseFile(native.Str(@"\a"), native.Info);
        Assert.Equal(nameof(IDokanFileSystem.CloseFile), fs.Reported?.Callback);
    }

    [Fact]
    public void Throwing_exception_reporter_is_contained()
    {
        var fs = new ThrowingReporter();
        using var native = new NativeCaller(fs);

        var result = native.Ops->FlushFileBuffers(native.Str(@"\a"), native.Info);

        Assert.Equal(NtStatus.UnexpectedIoError, NativeCaller.Status(result));
    }

    private sealed class ThrowingReporter : IDokanFileSystem
    {
        public NtStatus ZwCreateFile(ReadOnlySpan<char> fileName, NtAccessMask desiredAccess, FileAttributes fileAttributes, FileShare shareAccess, NtCreateDisposition createDisposition, NtCreateOptions createOptions, ref DokanFileInfo info) => throw new NotSupportedException();

        public void Cleanup(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => throw new NotSupportedException();

        public void CloseFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus ReadFile(ReadOnlySpan<char> fileName, Span<byte> buffer, out int bytesRead, long offset, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus WriteFile(ReadOnlySpan<char> fileName, ReadOnlySpan<byte> buffer, out int bytesWritten, long offset, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus FlushFileBuffers(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus GetFileInformation(ReadOnlySpan<char> fileName, out FileInformation information, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus FindFiles(ReadOnlySpan<char> fileName, FindDataSink fill, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus SetFileAttributes(ReadOnlySpan<char> fileName, FileAttributes attributes, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus SetFileTime(ReadOnlySpan<char> fileName, long creationTime, long lastAccessTime, long lastWriteTime, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus DeleteFile(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus DeleteDirectory(ReadOnlySpan<char> fileName, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus MoveFile(ReadOnlySpan<char> fileName, ReadOnlySpan<char> newFileName, bool replaceIfExisting, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus SetEndOfFile(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus SetAllocationSize(ReadOnlySpan<char> fileName, long length, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus GetDiskFreeSpace(out ulong freeBytesAvailable, out ulong totalNumberOfBytes, out ulong totalNumberOfFreeBytes, ref DokanFileInfo info) => throw new NotSupportedException();

        public NtStatus GetVolumeInformation(Span<char> volumeName, out uint volumeSerialNumber, out uint maximumComponentLength, out FileSystemFeatures features, Span<char> fileSystemName, ref DokanFileInfo info) => throw new NotSupportedException();

        public void OnCallbackException(string callback, Exception exception) => throw new InvalidOperationException("logger broke");
    }
}
