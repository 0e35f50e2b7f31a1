// LibraryImport declarations of the dokan2.dll exports the binding uses (dokan/dokan.h, dokan.def).
// Bound lazily: on a machine without dokan2.dll the first call throws DllNotFoundException, nothing fails at load.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Union.Windows.Dokan.Native;

[SupportedOSPlatform("windows")]
internal static unsafe partial class DokanNativeMethods
{
    private const string Library = "dokan2";

    // DokanMain/DokanCreateFileSystem results (DokanMainResult).
    public const int DOKAN_SUCCESS = 0;
    public const int DOKAN_ERROR = -1;
    public const int DOKAN_DRIVE_LETTER_ERROR = -2;
    public const int DOKAN_DRIVER_INSTALL_ERROR = -3;
    public const int DOKAN_START_ERROR = -4;
    public const int DOKAN_MOUNT_ERROR = -5;
    public const int DOKAN_MOUNT_POINT_ERROR = -6;
    public const int DOKAN_VERSION_ERROR = -7;

    // WaitForSingleObject results returned by DokanWaitForFileSystemClosed.
    public const uint WAIT_OBJECT_0 = 0;
    public const uint WAIT_TIMEOUT = 0x102;
    public const uint INFINITE = 0xFFFFFFFF;

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanInit();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanShutdown();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanCreateFileSystem(DOKAN_OPTIONS* options, DOKAN_OPERATIONS* operations, nint* dokanInstance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanIsFileSystemRunning(nint dokanInstance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanWaitForFileSystemClosed(nint dokanInstance, uint milliseconds);

    // Unmounts and blocks until every resource of the instance is released.
    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanCloseHandle(nint dokanInstance);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanRemoveMountPoint(char* mountPoint);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanVersion();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial uint DokanDriverVersion();

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial void DokanMapKernelToUserCreateFileFlags(
        uint desiredAccess, uint fileAttributes, uint createOptions, uint createDisposition,
        uint* outDesiredAccess, uint* outFileAttributesAndFlags, uint* outCreationDisposition);

    [LibraryImport(Library)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvStdcall)])]
    public static partial int DokanNtStatusFromWin32(uint error);
}
