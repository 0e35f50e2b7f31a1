// Table tests for the managed DokanMapKernelToUserCreateFileFlags port (dokan/dokan.c).
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Dokan;

public class CreateFlagsMapTests
{
    [Theory]
    [InlineData((uint)NtCreateDisposition.Supersede, (uint)Win32CreationDisposition.CreateAlways)]
    [InlineData((uint)NtCreateDisposition.Open, (uint)Win32CreationDisposition.OpenExisting)]
    [InlineData((uint)NtCreateDisposition.Create, (uint)Win32CreationDisposition.CreateNew)]
    [InlineData((uint)NtCreateDisposition.OpenIf, (uint)Win32CreationDisposition.OpenAlways)]
    [InlineData((uint)NtCreateDisposition.Overwrite, (uint)Win32CreationDisposition.TruncateExisting)]
    [InlineData((uint)NtCreateDisposition.OverwriteIf, (uint)Win32CreationDisposition.CreateAlways)]
    [InlineData((uint)(NtCreateDisposition)6, (uint)Win32CreationDisposition.Invalid)]
    public void Disposition(uint nt, uint win32) =>
        Assert.Equal((Win32CreationDisposition)win32, CreateFlagsMap.MapDisposition((NtCreateDisposition)nt));

    [Fact]
    public void Win32_dispositions_equal_FileMode_values()
    {
        Assert.Equal((uint)FileMode.CreateNew, (uint)Win32CreationDisposition.CreateNew);
        Assert.Equal((uint)FileMode.Create, (uint)Win32CreationDisposition.CreateAlways);
        Assert.Equal((uint)FileMode.Open, (uint)Win32CreationDisposition.OpenExisting);
        Assert.Equal((uint)FileMode.OpenOrCreate, (uint)Win32CreationDisposition.OpenAlways);
        Assert.Equal((uint)FileMode.Truncate, (uint)Win32CreationDisposition.TruncateExisting);
    }

    [Theory]
    [InlineData((uint)NtCreateOptions.WriteThrough, 0x80000000u)]
    [InlineData((uint)NtCreateOptions.SequentialOnly, 0x08000000u)]
    [InlineData((uint)NtCreateOptions.RandomAccess, 0x10000000u)]
    [InlineData((uint)NtCreateOptions.NoIntermediateBuffering, 0x20000000u)]
    [InlineData((uint)NtCreateOptions.OpenReparsePoint, 0x00200000u)]
    [InlineData((uint)NtCreateOptions.DeleteOnClose, 0x04000000u)]
    [InlineData((uint)NtCreateOptions.OpenForBackupIntent, 0x02000000u)]
    [InlineData((uint)NtCreateOptions.SessionAware, 0x00800000u)]
    // Options with no Win32 flag equivalent vanish.
    [InlineData((uint)NtCreateOptions.DirectoryFile, 0u)]
    [InlineData((uint)NtCreateOptions.NonDirectoryFile, 0u)]
    [InlineData((uint)NtCreateOptions.SynchronousIoNonAlert, 0u)]
    public void Create_option_becomes_file_flag(uint option, uint flag) =>
        Assert.Equal(flag, CreateFlagsMap.MapFlags(0, (NtCreateOptions)option));

    [Fact]
    public void Attributes_are_kept_and_flags_ored_in()
    {
        var attributes = (uint)(FileAttributes.Hidden | FileAttributes.Archive);
        var result = CreateFlagsMap.MapFlags(
            attributes, NtCreateOptions.DeleteOnClose | NtCreateOptions.OpenForBackupIntent | NtCreateOptions.DirectoryFile);
        Assert.Equal(attributes | 0x04000000u | 0x02000000u, result);
    }

    [Theory]
    // Complete FILE_GENERIC_* groups fold into GENERIC_*; their specific bits disappear.
    [InlineData(0x00120089u, 0x80000000u)]
    [InlineData(0x00120116u, 0x40000000u)]
    [InlineData(0x001200A0u, 0x20000000u)]
    [InlineData(0x0012019Fu, 0xC0000000u)]
    [InlineData(0x001F01FFu, 0xF0000000u)]
    // Extra bits survive the fold.
    [InlineData(0x00130089u, 0x80010000u)]
    // Incomplete groups are left untouched.
    [InlineData(0x00020089u, 0x00020089u)]
    [InlineData(0x00000080u, 0x00000080u)]
    [InlineData(0x00010000u, 0x00010000u)]
    [InlineData(0x00100080u, 0x00100080u)]
    [InlineData(0u, 0u)]
    public void Access_mask_folds_generic_groups(uint access, uint expected) =>
        Assert.Equal((NtAccessMask)expected, CreateFlagsMap.MapAccess((NtAccessMask)access));

    [Fact]
    public void Map_combines_all_three()
    {
        var result = CreateFlagsMap.Map(
            NtAccessMask.FileGenericRead | NtAccessMask.Delete, (uint)FileAttributes.Normal,
            NtCreateOptions.WriteThrough | NtCreateOptions.NonDirectoryFile, NtCreateDisposition.OpenIf);

        Assert.Equal(NtAccessMask.GenericRead | NtAccessMask.Delete, result.DesiredAccess);
        Assert.Equal((uint)FileAttributes.Normal | CreateFlagsMap.FILE_FLAG_WRITE_THROUGH, result.FileAttributesAndFlags);
        Assert.Equal(Win32CreationDisposition.OpenAlways, result.CreationDisposition);
    }
}
