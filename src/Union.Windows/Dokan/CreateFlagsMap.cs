// Managed equivalent of DokanMapKernelToUserCreateFileFlags (dokan/dokan.c): NT create parameters to the
// CreateFileW view (creation disposition, attributes|FILE_FLAG_*, GENERIC_* access). Same results as the native export.
namespace Union.Windows.Dokan;

// Values equal System.IO.FileMode CreateNew/Create/Open/OpenOrCreate/Truncate.
internal enum Win32CreationDisposition : uint
{
    Invalid = 0,
    CreateNew = 1,
    CreateAlways = 2,
    OpenExisting = 3,
    OpenAlways = 4,
    TruncateExisting = 5,
}

internal readonly record struct Win32CreateFlags(
    NtAccessMask DesiredAccess, uint FileAttributesAndFlags, Win32CreationDisposition CreationDisposition);

internal static class CreateFlagsMap
{
    public const uint FILE_FLAG_WRITE_THROUGH = 0x80000000;
    public const uint FILE_FLAG_NO_BUFFERING = 0x20000000;
    public const uint FILE_FLAG_RANDOM_ACCESS = 0x10000000;
    public const uint FILE_FLAG_SEQUENTIAL_SCAN = 0x08000000;
    public const uint FILE_FLAG_DELETE_ON_CLOSE = 0x04000000;
    public const uint FILE_FLAG_BACKUP_SEMANTICS = 0x02000000;
    public const uint FILE_FLAG_SESSION_AWARE = 0x00800000;
    public const uint FILE_FLAG_OPEN_REPARSE_POINT = 0x00200000;

    public static Win32CreateFlags Map(
        NtAccessMask desiredAccess, uint fileAttributes, NtCreateOptions createOptions, NtCreateDisposition createDisposition) =>
        new(MapAccess(desiredAccess), MapFlags(fileAttributes, createOptions), MapDisposition(createDisposition));

    public static Win32CreationDisposition MapDisposition(NtCreateDisposition disposition) => disposition switch
    {
        NtCreateDisposition.Create => Win32CreationDisposition.CreateNew,
        NtCreateDisposition.Open => Win32CreationDisposition.OpenExisting,
        NtCreateDisposition.OpenIf => Win32CreationDisposition.OpenAlways,
        NtCreateDisposition.Overwrite => Win32CreationDisposition.TruncateExisting,
        // Dokan maps supersede like overwrite-if; the difference (replace vs truncate) is left to the filesystem.
        NtCreateDisposition.Supersede or NtCreateDisposition.OverwriteIf => Win32CreationDisposition.CreateAlways,
        _ => Win32CreationDisposition.Invalid,
    };

    public static uint MapFlags(uint fileAttributes, NtCreateOptions options)
    {
        var result = fileAttributes;
        result |= Bit(options, NtCreateOptions.WriteThrough, FILE_FLAG_WRITE_THROUGH);
        result |= Bit(options, NtCreateOptions.SequentialOnly, FILE_FLAG_SEQUENTIAL_SCAN);
        result |= Bit(options, NtCreateOptions.RandomAccess, FILE_FLAG_RANDOM_ACCESS);
        result |= Bit(options, NtCreateOptions.NoIntermediateBuffering, FILE_FLAG_NO_BUFFERING);
        result |= Bit(options, NtCreateOptions.OpenReparsePoint, FILE_FLAG_OPEN_REPARSE_POINT);
        result |= Bit(options, NtCreateOptions.DeleteOnClose, FILE_FLAG_DELETE_ON_CLOSE);
        result |= Bit(options, NtCreateOptions.OpenForBackupIntent, FILE_FLAG_BACKUP_SEMANTICS);
        result |= Bit(options, NtCreateOptions.SessionAware, FILE_FLAG_SESSION_AWARE);
        return result;
    }

    // A complete FILE_GENERIC_* group folds into its GENERIC_* bit; the group's specific bits are then removed.
    // All groups are tested against the original mask before any bit is cleared, as Dokan does.
    public static NtAccessMask MapAccess(NtAccessMask access)
    {
        var read = Has(access, NtAccessMask.FileGenericRead);
        var write = Has(access, NtAccessMask.FileGenericWrite);
        var execute = Has(access, NtAccessMask.FileGenericExecute);
        var all = Has(access, NtAccessMask.FileAllAccess);
        var result = access;
        if (read) result |= NtAccessMask.GenericRead;
        if (write) result |= NtAccessMask.GenericWrite;
        if (execute) result |= NtAccessMask.GenericExecute;
        if (all) result |= NtAccessMask.GenericAll;
        if (read) result &= ~NtAccessMask.FileGenericRead;
        if (write) result &= ~NtAccessMask.FileGenericWrite;
        if (execute) result &= ~NtAccessMask.FileGenericExecute;
        if (all) result &= ~NtAccessMask.FileAllAccess;
        return result;
    }

    private static bool Has(NtAccessMask access, NtAccessMask group) => (access & group) == group;

    private static uint Bit(NtCreateOptions options, NtCreateOptions option, uint flag) =>
        (options & option) != 0 ? flag : 0;
}
