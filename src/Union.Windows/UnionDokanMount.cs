// One union served as a Windows volume (drive letter or empty NTFS folder) through Dokan 2: the public face of
// Union.Windows for the CLI, as UnionMount is on Linux. Failures surface as one-line InvalidOperationExceptions.
using System.Runtime.Versioning;
using Union.Core;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows;

[SupportedOSPlatform("windows")]
public sealed class UnionDokanMount : IDisposable
{
    private readonly DokanHost host;
    private readonly UnionDokanAdapter adapter;

    private UnionDokanMount(DokanHost host, UnionDokanAdapter adapter)
    {
        this.host = host;
        this.adapter = adapter;
    }

    // The mount point Dokan reports (the mount manager may choose differently), else the requested one.
    public string MountPoint => adapter.MountPoint ?? host.MountPoint;

    // Checks dokan2.dll (present, version >= 2.0.0) and mounts; returns once the volume is visible.
    public static UnionDokanMount Start(UnionFileSystem union, string mountPoint, Action<string>? trace = null)
    {
        ArgumentNullException.ThrowIfNull(union);
        var adapter = new UnionDokanAdapter(union, new UnionDokanOptions { Trace = trace });
        try
        {
            return new UnionDokanMount(DokanHost.Mount(adapter, OptionsFor(union, WindowsMountPoint.Normalize(mountPoint))), adapter);
        }
        catch (DokanException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }
    }

    // Unmounts a volume by mount point, also one served by another process; false when Dokan knows no such mount.
    public static bool Unmount(string mountPoint)
    {
        try
        {
            DokanHost.CheckLibrary();
        }
        catch (DokanException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        return DokanHost.RemoveMountPoint(WindowsMountPoint.Normalize(mountPoint));
    }

    // Asks Dokan to unmount (safe from a Ctrl+C handler); WaitForUnmount then returns.
    public bool Unmount() => host.Unmount();

    public void WaitForUnmount() => host.WaitForUnmount(Timeout.InfiniteTimeSpan);

    public void Dispose() => host.Dispose();

    // The kernel's name rules must be the engine's: a case-sensitive union needs Dokan's case-sensitive FCB table,
    // and a union without upper is a write-protected volume.
    internal static DokanMountOptions OptionsFor(UnionFileSystem union, string mountPoint)
    {
        var flags = DokanOptionFlags.MountManager;
        if (!union.Options.CaseInsensitive)
        {
            flags |= DokanOptionFlags.CaseSensitive;
        }

        if (union.IsReadOnly)
        {
            flags |= DokanOptionFlags.WriteProtect;
        }

        return new DokanMountOptions(mountPoint) { Options = flags };
    }
}
