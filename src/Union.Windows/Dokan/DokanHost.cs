// Lifetime of one Dokan mount: DOKAN_OPTIONS, DOKAN_OPERATIONS and the mount point string in native memory,
// the GCHandle that DOKAN_OPTIONS.GlobalContext carries to the callbacks, DokanInit/DokanShutdown pairing.
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

[SupportedOSPlatform("windows")]
internal sealed unsafe class DokanHost : IDisposable
{
    private readonly DOKAN_OPTIONS* options;
    private readonly DOKAN_OPERATIONS* operations;
    private readonly char* mountPoint;
    private GCHandle fileSystem;
    private nint instance;
    private int disposed;

    private DokanHost(IDokanFileSystem fileSystem, DokanMountOptions mountOptions)
    {
        this.fileSystem = GCHandle.Alloc(fileSystem);
        MountPoint = mountOptions.MountPoint;
        mountPoint = CopyString(mountOptions.MountPoint);
        operations = (DOKAN_OPERATIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPERATIONS));
        *operations = DokanCallbacks.CreateOperations();
        options = (DOKAN_OPTIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPTIONS));
        // Version is the ABI the caller speaks, not the header it was copied from; every 2.x library accepts 200.
        options->Version = (ushort)DokanException.MinimumVersion;
        options->SingleThread = mountOptions.SingleThread ? (byte)1 : (byte)0;
        options->Options = (uint)mountOptions.Options;
        options->GlobalContext = (ulong)GCHandle.ToIntPtr(this.fileSystem);
        options->MountPoint = mountPoint;
        options->Timeout = (uint)Math.Clamp(mountOptions.Timeout.TotalMilliseconds, 0, uint.MaxValue);
        options->AllocationUnitSize = mountOptions.AllocationUnitSize;
        options->SectorSize = mountOptions.SectorSize;
    }

    public string MountPoint { get; }

    public bool IsRunning => instance != 0 && DokanNativeMethods.DokanIsFileSystemRunning(instance) != 0;

    // Throws DokanException when dokan2.dll is missing or older than 2.0.0.
    public static uint CheckLibrary()
    {
        uint version;
        try
        {
            version = DokanNativeMethods.DokanVersion();
        }
        catch (DllNotFoundException e)
        {
            throw DokanException.NotInstalled(e);
        }
        catch (EntryPointNotFoundException e)
        {
            throw DokanException.NotInstalled(e);
        }

        var tooOld = DokanException.CheckVersion(version);
        if (tooOld is not null)
        {
            throw tooOld;
        }

        return version;
    }

    // Returns once the volume is mounted (or throws); callbacks then run on dokan2.dll's threads until Dispose.
    public static DokanHost Mount(IDokanFileSystem fileSystem, DokanMountOptions mountOptions)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(mountOptions);
        ArgumentException.ThrowIfNullOrEmpty(mountOptions.MountPoint);
        CheckLibrary();

        var host = new DokanHost(fileSystem, mountOptions);
        DokanNativeMethods.DokanInit();
        nint handle;
        var result = DokanNativeMethods.DokanCreateFileSystem(host.options, host.operations, &handle);
        if (result != DokanNativeMethods.DOKAN_SUCCESS)
        {
            DokanNativeMethods.DokanShutdown();
            host.Free();
            throw DokanException.MountFailed(result, mountOptions.MountPoint);
        }

        host.instance = handle;
        return host;
    }

    // Unmounts a volume by its mount point, e.g. one mounted by another process; true when Dokan found it.
    public static bool RemoveMountPoint(string mountPoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(mountPoint);
        fixed (char* p = mountPoint)
        {
            return DokanNativeMethods.DokanRemoveMountPoint(p) != 0;
        }
    }

    // Asks the driver to unmount; safe from any thread (e.g. a Ctrl+C handler) while another thread sits in
    // WaitForUnmount. Dispose must still follow, from the owning thread, to release the instance.
    public bool Unmount()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        return DokanNativeMethods.DokanRemoveMountPoint(mountPoint) != 0;
    }

    // True when the volume was unmounted (by Dispose, dokanctl, Explorer's eject or a timeout) within the wait.
    public bool WaitForUnmount(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        var ms = timeout == Timeout.InfiniteTimeSpan
            ? DokanNativeMethods.INFINITE
            : (uint)Math.Clamp(timeout.TotalMilliseconds, 0, DokanNativeMethods.INFINITE - 1);
        return DokanNativeMethods.DokanWaitForFileSystemClosed(instance, ms) == DokanNativeMethods.WAIT_OBJECT_0;
    }

    // DokanCloseHandle unmounts and waits for every callback to finish, so the structs and the GCHandle
    // can be freed right after it. Not concurrently with WaitForUnmount: the instance handle dies here.
    // Without Dispose the mount lives until the process exits.
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        DokanNativeMethods.DokanCloseHandle(instance);
        instance = 0;
        DokanNativeMethods.DokanShutdown();
        Free();
    }

    private void Free()
    {
        NativeMemory.Free(options);
        NativeMemory.Free(operations);
        NativeMemory.Free(mountPoint);
        if (fileSystem.IsAllocated)
        {
            fileSystem.Free();
        }
    }

    private static char* CopyString(string value)
    {
        var copy = (char*)NativeMemory.Alloc((nuint)(value.Length + 1), sizeof(char));
        value.AsSpan().CopyTo(new Span<char>(copy, value.Length));
        copy[value.Length] = '\0';
        return copy;
    }
}
