// Win32 error -> NTSTATUS pairs as dokan/ntstatus.i maps them, plus the NTSTATUS values from ntstatus.h.
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Dokan;

public class NtStatusMapTests
{
    [Theory]
    [InlineData(0u, (uint)NtStatus.Success)]
    [InlineData(1u, (uint)NtStatus.NotImplemented)]
    [InlineData(2u, (uint)NtStatus.ObjectNameNotFound)]
    [InlineData(3u, (uint)NtStatus.ObjectPathNotFound)]
    [InlineData(5u, (uint)NtStatus.AccessDenied)]
    [InlineData(6u, (uint)NtStatus.InvalidHandle)]
    [InlineData(8u, (uint)NtStatus.NoMemory)]
    [InlineData(17u, (uint)NtStatus.NotSameDevice)]
    [InlineData(18u, (uint)NtStatus.NoMoreFiles)]
    [InlineData(19u, (uint)NtStatus.MediaWriteProtected)]
    [InlineData(32u, (uint)NtStatus.SharingViolation)]
    [InlineData(33u, (uint)NtStatus.LockNotGranted)]
    [InlineData(38u, (uint)NtStatus.EndOfFile)]
    [InlineData(50u, (uint)NtStatus.NotSupported)]
    [InlineData(80u, (uint)NtStatus.ObjectNameCollision)]
    [InlineData(87u, (uint)NtStatus.InvalidParameter)]
    [InlineData(112u, (uint)NtStatus.DiskFull)]
    [InlineData(122u, (uint)NtStatus.BufferTooSmall)]
    [InlineData(123u, (uint)NtStatus.ObjectNameInvalid)]
    [InlineData(145u, (uint)NtStatus.DirectoryNotEmpty)]
    [InlineData(161u, (uint)NtStatus.ObjectPathInvalid)]
    [InlineData(183u, (uint)NtStatus.ObjectNameCollision)]
    [InlineData(206u, (uint)NtStatus.NameTooLong)]
    [InlineData(234u, (uint)NtStatus.BufferOverflow)]
    [InlineData(267u, (uint)NtStatus.NotADirectory)]
    [InlineData(1920u, (uint)NtStatus.IoReparseTagNotHandled)]
    [InlineData(4390u, (uint)NtStatus.NotAReparsePoint)]
    public void Win32_error_maps_like_dokan(uint error, uint expected) =>
        Assert.Equal((NtStatus)expected, NtStatusMap.FromWin32(error));

    [Theory]
    [InlineData(9999u)]
    [InlineData(0xFFFFFFFFu)]
    public void Unknown_errors_become_access_denied_like_dokan(uint error) =>
        Assert.Equal(NtStatus.AccessDenied, NtStatusMap.FromWin32(error));

    [Fact]
    public void Win32_hresults_unwrap_and_others_are_unexpected()
    {
        Assert.Equal(NtStatus.SharingViolation, NtStatusMap.FromHResult(unchecked((int)0x80070020)));
        Assert.Equal(NtStatus.ObjectNameNotFound, NtStatusMap.FromHResult(unchecked((int)0x80070002)));
        Assert.Equal(NtStatus.UnexpectedIoError, NtStatusMap.FromHResult(unchecked((int)0x80131620)));
    }

    [Theory]
    [InlineData((uint)NtStatus.ObjectNameCollision, 0xC0000035u)]
    [InlineData((uint)NtStatus.ObjectNameNotFound, 0xC0000034u)]
    [InlineData((uint)NtStatus.ObjectPathNotFound, 0xC000003Au)]
    [InlineData((uint)NtStatus.AccessDenied, 0xC0000022u)]
    [InlineData((uint)NtStatus.NotImplemented, 0xC0000002u)]
    [InlineData((uint)NtStatus.DirectoryNotEmpty, 0xC0000101u)]
    [InlineData((uint)NtStatus.NotADirectory, 0xC0000103u)]
    [InlineData((uint)NtStatus.FileIsADirectory, 0xC00000BAu)]
    [InlineData((uint)NtStatus.CannotDelete, 0xC0000121u)]
    [InlineData((uint)NtStatus.DeletePending, 0xC0000056u)]
    [InlineData((uint)NtStatus.UnexpectedIoError, 0xC00000E9u)]
    [InlineData((uint)NtStatus.BufferOverflow, 0x80000005u)]
    [InlineData((uint)NtStatus.NoMoreFiles, 0x80000006u)]
    public void NtStatus_values_match_ntstatus_h(uint status, uint value) =>
        Assert.Equal(value, status);
}
