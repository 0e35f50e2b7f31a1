// What kernel32 makes of an NTSTATUS (RtlNtStatusToDosError), for the codes a filesystem returns
// (dokan-abi.md §1.11). Scenarios assert Win32 errors, as a Windows program would see them.
using Union.Windows.Dokan;

namespace Union.Windows.Tests.IoManager;

internal static class Win32Error
{
    public const uint Success = 0;
    public const uint InvalidFunction = 1;
    public const uint FileNotFound = 2;
    public const uint PathNotFound = 3;
    public const uint AccessDenied = 5;
    public const uint InvalidHandle = 6;
    public const uint WriteProtect = 19;
    public const uint GenFailure = 31;
    public const uint SharingViolation = 32;
    public const uint HandleEof = 38;
    public const uint NotSupported = 50;
    public const uint FileExists = 80;
    public const uint InvalidParameter = 87;
    public const uint DiskFull = 112;
    public const uint InvalidName = 123;
    public const uint DirNotEmpty = 145;
    public const uint AlreadyExists = 183;
    public const uint FilenameExcedRange = 206;
    public const uint Directory = 267;
    public const uint NotSameDevice = 17;
    public const uint IoDevice = 1117;

    public static uint From(NtStatus status) => status switch
    {
        NtStatus.Success => Success,
        NtStatus.NotImplemented or NtStatus.InvalidDeviceRequest => InvalidFunction,
        NtStatus.ObjectNameNotFound or NtStatus.NoSuchFile => FileNotFound,
        NtStatus.ObjectPathNotFound => PathNotFound,
        NtStatus.AccessDenied or NtStatus.DeletePending or NtStatus.FileIsADirectory or NtStatus.CannotDelete => AccessDenied,
        NtStatus.InvalidHandle or NtStatus.FileClosed => InvalidHandle,
        NtStatus.MediaWriteProtected => WriteProtect,
        NtStatus.SharingViolation => SharingViolation,
        NtStatus.EndOfFile => HandleEof,
        NtStatus.NotSupported => NotSupported,
        NtStatus.InvalidParameter => InvalidParameter,
        NtStatus.DiskFull => DiskFull,
        NtStatus.ObjectNameInvalid => InvalidName,
        NtStatus.DirectoryNotEmpty => DirNotEmpty,
        NtStatus.ObjectNameCollision => AlreadyExists,
        NtStatus.NameTooLong => FilenameExcedRange,
        NtStatus.NotADirectory => Directory,
        NtStatus.NotSameDevice => NotSameDevice,
        NtStatus.IoDeviceError => IoDevice,
        _ => GenFailure,
    };
}
