// Asserts every Dokan/Win32 mirror struct against the x64 sizes and offsets measured from the real headers
// with mingw (dokan-abi.md §1.2-1.5). DOKAN_ACCESS_STATE's inner offsets follow from public.h and x64 alignment.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Tests.Dokan;

public class LayoutTests
{
    [Fact]
    public void Sizes_match_x64_headers()
    {
        Assert.Equal(16432, Unsafe.SizeOf<DOKAN_OPTIONS>());
        Assert.Equal(48, Unsafe.SizeOf<DOKAN_FILE_INFO>());
        Assert.Equal(48, Unsafe.SizeOf<DokanFileInfo>());
        Assert.Equal(200, Unsafe.SizeOf<DOKAN_OPERATIONS>());
        Assert.Equal(592, Unsafe.SizeOf<WIN32_FIND_DATAW>());
        Assert.Equal(52, Unsafe.SizeOf<BY_HANDLE_FILE_INFORMATION>());
        Assert.Equal(8, Unsafe.SizeOf<FILETIME>());
        Assert.Equal(600, Unsafe.SizeOf<WIN32_FIND_STREAM_DATA>());
        Assert.Equal(72, Unsafe.SizeOf<DOKAN_IO_SECURITY_CONTEXT>());
        Assert.Equal(64, Unsafe.SizeOf<DOKAN_ACCESS_STATE>());
        Assert.Equal(16, Unsafe.SizeOf<UNICODE_STRING>());
    }

    [Theory]
    [InlineData(nameof(DOKAN_OPTIONS.Version), 0)]
    [InlineData(nameof(DOKAN_OPTIONS.SingleThread), 2)]
    [InlineData(nameof(DOKAN_OPTIONS.Options), 4)]
    [InlineData(nameof(DOKAN_OPTIONS.GlobalContext), 8)]
    [InlineData(nameof(DOKAN_OPTIONS.MountPoint), 16)]
    [InlineData(nameof(DOKAN_OPTIONS.UNCName), 24)]
    [InlineData(nameof(DOKAN_OPTIONS.Timeout), 32)]
    [InlineData(nameof(DOKAN_OPTIONS.AllocationUnitSize), 36)]
    [InlineData(nameof(DOKAN_OPTIONS.SectorSize), 40)]
    [InlineData(nameof(DOKAN_OPTIONS.VolumeSecurityDescriptorLength), 44)]
    [InlineData(nameof(DOKAN_OPTIONS.VolumeSecurityDescriptor), 48)]
    public void DOKAN_OPTIONS_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<DOKAN_OPTIONS>(field));

    [Theory]
    [InlineData(nameof(DOKAN_FILE_INFO.Context), 0)]
    [InlineData(nameof(DOKAN_FILE_INFO.DokanContext), 8)]
    [InlineData(nameof(DOKAN_FILE_INFO.DokanOptions), 16)]
    [InlineData(nameof(DOKAN_FILE_INFO.ProcessingContext), 24)]
    [InlineData(nameof(DOKAN_FILE_INFO.ProcessId), 32)]
    [InlineData(nameof(DOKAN_FILE_INFO.IsDirectory), 36)]
    [InlineData(nameof(DOKAN_FILE_INFO.DeletePending), 37)]
    [InlineData(nameof(DOKAN_FILE_INFO.PagingIo), 38)]
    [InlineData(nameof(DOKAN_FILE_INFO.SynchronousIo), 39)]
    [InlineData(nameof(DOKAN_FILE_INFO.Nocache), 40)]
    [InlineData(nameof(DOKAN_FILE_INFO.WriteToEndOfFile), 41)]
    public void DOKAN_FILE_INFO_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<DOKAN_FILE_INFO>(field));

    // Slot order is the ABI: dokan2.dll indexes the table, a swapped pair would call the wrong callback.
    [Theory]
    [InlineData(nameof(DOKAN_OPERATIONS.ZwCreateFile), 0)]
    [InlineData(nameof(DOKAN_OPERATIONS.Cleanup), 1)]
    [InlineData(nameof(DOKAN_OPERATIONS.CloseFile), 2)]
    [InlineData(nameof(DOKAN_OPERATIONS.ReadFile), 3)]
    [InlineData(nameof(DOKAN_OPERATIONS.WriteFile), 4)]
    [InlineData(nameof(DOKAN_OPERATIONS.FlushFileBuffers), 5)]
    [InlineData(nameof(DOKAN_OPERATIONS.GetFileInformation), 6)]
    [InlineData(nameof(DOKAN_OPERATIONS.FindFiles), 7)]
    [InlineData(nameof(DOKAN_OPERATIONS.FindFilesWithPattern), 8)]
    [InlineData(nameof(DOKAN_OPERATIONS.SetFileAttributes), 9)]
    [InlineData(nameof(DOKAN_OPERATIONS.SetFileTime), 10)]
    [InlineData(nameof(DOKAN_OPERATIONS.DeleteFile), 11)]
    [InlineData(nameof(DOKAN_OPERATIONS.DeleteDirectory), 12)]
    [InlineData(nameof(DOKAN_OPERATIONS.MoveFile), 13)]
    [InlineData(nameof(DOKAN_OPERATIONS.SetEndOfFile), 14)]
    [InlineData(nameof(DOKAN_OPERATIONS.SetAllocationSize), 15)]
    [InlineData(nameof(DOKAN_OPERATIONS.LockFile), 16)]
    [InlineData(nameof(DOKAN_OPERATIONS.UnlockFile), 17)]
    [InlineData(nameof(DOKAN_OPERATIONS.GetDiskFreeSpace), 18)]
    [InlineData(nameof(DOKAN_OPERATIONS.GetVolumeInformation), 19)]
    [InlineData(nameof(DOKAN_OPERATIONS.Mounted), 20)]
    [InlineData(nameof(DOKAN_OPERATIONS.Unmounted), 21)]
    [InlineData(nameof(DOKAN_OPERATIONS.GetFileSecurity), 22)]
    [InlineData(nameof(DOKAN_OPERATIONS.SetFileSecurity), 23)]
    [InlineData(nameof(DOKAN_OPERATIONS.FindStreams), 24)]
    public void DOKAN_OPERATIONS_slot_order(string slot, int index) =>
        Assert.Equal(index * 8, (int)Marshal.OffsetOf<DOKAN_OPERATIONS>(slot));

    [Fact]
    public void DOKAN_OPERATIONS_has_exactly_25_slots() =>
        Assert.Equal(25, typeof(DOKAN_OPERATIONS).GetFields().Length);

    [Theory]
    [InlineData(nameof(WIN32_FIND_DATAW.dwFileAttributes), 0)]
    [InlineData(nameof(WIN32_FIND_DATAW.ftCreationTime), 4)]
    [InlineData(nameof(WIN32_FIND_DATAW.ftLastAccessTime), 12)]
    [InlineData(nameof(WIN32_FIND_DATAW.ftLastWriteTime), 20)]
    [InlineData(nameof(WIN32_FIND_DATAW.nFileSizeHigh), 28)]
    [InlineData(nameof(WIN32_FIND_DATAW.nFileSizeLow), 32)]
    [InlineData(nameof(WIN32_FIND_DATAW.dwReserved0), 36)]
    [InlineData(nameof(WIN32_FIND_DATAW.dwReserved1), 40)]
    [InlineData(nameof(WIN32_FIND_DATAW.cFileName), 44)]
    [InlineData(nameof(WIN32_FIND_DATAW.cAlternateFileName), 564)]
    public void WIN32_FIND_DATAW_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<WIN32_FIND_DATAW>(field));

    [Theory]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.dwFileAttributes), 0)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.ftCreationTime), 4)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.ftLastAccessTime), 12)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.ftLastWriteTime), 20)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.dwVolumeSerialNumber), 28)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.nFileSizeHigh), 32)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.nFileSizeLow), 36)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.nNumberOfLinks), 40)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.nFileIndexHigh), 44)]
    [InlineData(nameof(BY_HANDLE_FILE_INFORMATION.nFileIndexLow), 48)]
    public void BY_HANDLE_FILE_INFORMATION_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<BY_HANDLE_FILE_INFORMATION>(field));

    [Fact]
    public void Small_struct_offsets()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<FILETIME>(nameof(FILETIME.dwLowDateTime)));
        Assert.Equal(4, (int)Marshal.OffsetOf<FILETIME>(nameof(FILETIME.dwHighDateTime)));
        Assert.Equal(0, (int)Marshal.OffsetOf<WIN32_FIND_STREAM_DATA>(nameof(WIN32_FIND_STREAM_DATA.StreamSize)));
        Assert.Equal(8, (int)Marshal.OffsetOf<WIN32_FIND_STREAM_DATA>(nameof(WIN32_FIND_STREAM_DATA.cStreamName)));
        Assert.Equal(0, (int)Marshal.OffsetOf<DOKAN_IO_SECURITY_CONTEXT>(nameof(DOKAN_IO_SECURITY_CONTEXT.AccessState)));
        Assert.Equal(64, (int)Marshal.OffsetOf<DOKAN_IO_SECURITY_CONTEXT>(nameof(DOKAN_IO_SECURITY_CONTEXT.DesiredAccess)));
        Assert.Equal(4, (int)Marshal.OffsetOf<DOKAN_ACCESS_STATE>(nameof(DOKAN_ACCESS_STATE.Flags)));
        Assert.Equal(16, (int)Marshal.OffsetOf<DOKAN_ACCESS_STATE>(nameof(DOKAN_ACCESS_STATE.OriginalDesiredAccess)));
        Assert.Equal(24, (int)Marshal.OffsetOf<DOKAN_ACCESS_STATE>(nameof(DOKAN_ACCESS_STATE.SecurityDescriptor)));
        Assert.Equal(32, (int)Marshal.OffsetOf<DOKAN_ACCESS_STATE>(nameof(DOKAN_ACCESS_STATE.ObjectName)));
        Assert.Equal(48, (int)Marshal.OffsetOf<DOKAN_ACCESS_STATE>(nameof(DOKAN_ACCESS_STATE.ObjectType)));
        Assert.Equal(8, (int)Marshal.OffsetOf<UNICODE_STRING>(nameof(UNICODE_STRING.Buffer)));
    }

    // The managed view must be bit-for-bit the native struct, since callbacks get a ref into dokan2.dll's memory.
    [Fact]
    public unsafe void DokanFileInfo_view_reads_and_writes_native_fields()
    {
        DOKAN_FILE_INFO native = default;
        native.DeletePending = 1;
        native.PagingIo = 1;
        native.WriteToEndOfFile = 1;
        native.ProcessId = 4242;
        ref var view = ref *(DokanFileInfo*)&native;

        view.Context = 0x1122334455667788;
        view.IsDirectory = true;

        Assert.Equal(0x1122334455667788ul, native.Context);
        Assert.Equal(1, native.IsDirectory);
        Assert.True(view.DeletePending);
        Assert.True(view.PagingIo);
        Assert.True(view.WriteToEndOfFile);
        Assert.False(view.Nocache);
        Assert.Equal(4242u, view.ProcessId);
        Assert.Equal(0ul, view.GlobalContext);
    }
}
