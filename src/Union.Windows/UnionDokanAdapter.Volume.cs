// The volume: free space of the layer that takes the writes, the name and capabilities Windows keys features on,
// and the mount notifications. Security stays with Dokan's default descriptor (the interface answers
// NOT_IMPLEMENTED, which makes dokan2.dll build one: owner = current user, Authenticated Users full access).
using Union.Windows.Dokan;

namespace Union.Windows;

internal sealed partial class UnionDokanAdapter
{
    public NtStatus GetDiskFreeSpace(out ulong freeBytesAvailable, out ulong totalNumberOfBytes, out ulong totalNumberOfFreeBytes, ref DokanFileInfo info)
    {
        freeBytesAvailable = totalNumberOfBytes = totalNumberOfFreeBytes = 0;
        var error = union.StatFs(out var statistics);
        if (error != Core.FsError.None)
        {
            return StatusMap.From(error);
        }

        ulong unit = statistics.FragmentSize != 0 ? statistics.FragmentSize : statistics.BlockSize;
        freeBytesAvailable = union.IsReadOnly ? 0 : statistics.BlocksAvailable * unit;
        totalNumberOfBytes = statistics.Blocks * unit;
        totalNumberOfFreeBytes = union.IsReadOnly ? 0 : statistics.BlocksFree * unit;
        return NtStatus.Success;
    }

    public NtStatus GetVolumeInformation(
        Span<char> volumeName, out uint volumeSerialNumber, out uint maximumComponentLength,
        out FileSystemFeatures features, Span<char> fileSystemName, ref DokanFileInfo info)
    {
        var label = options.VolumeLabel.AsSpan();
        label[..Math.Min(label.Length, volumeName.Length)].CopyTo(volumeName);
        // "NTFS": Windows enables features (and some programs agree to run) by file system name.
        "NTFS".AsSpan()[..Math.Min(4, fileSystemName.Length)].CopyTo(fileSystemName);
        volumeSerialNumber = options.VolumeSerialNumber;
        maximumComponentLength = WindowsNames.MaxComponentLength;
        features = FileSystemFeatures.CasePreservedNames | FileSystemFeatures.UnicodeOnDisk;
        if (!union.Options.CaseInsensitive)
        {
            features |= FileSystemFeatures.CaseSensitiveSearch;
        }

        if (union.IsReadOnly)
        {
            features |= FileSystemFeatures.ReadOnlyVolume;
        }

        return NtStatus.Success;
    }

    public NtStatus Mounted(ReadOnlySpan<char> mountPoint, ref DokanFileInfo info)
    {
        MountPoint = mountPoint.ToString();
        return NtStatus.Success;
    }

    public NtStatus Unmounted(ref DokanFileInfo info)
    {
        MountPoint = null;
        return NtStatus.Success;
    }

    public void OnCallbackException(string callback, Exception exception) =>
        options.Trace?.Invoke($"{callback}: {exception.GetType().Name}: {exception.Message}");
}
