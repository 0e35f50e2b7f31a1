// Mirror of DOKAN_FILE_INFO (dokan/dokan.h, Dokan 2.x, x64 size 48).
// One per open handle; dokan2.dll owns the memory and passes it to every callback of that handle.
using System.Runtime.InteropServices;

namespace Union.Windows.Dokan.Native;

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct DOKAN_FILE_INFO
{
    public ulong Context;
    public ulong DokanContext;
    public DOKAN_OPTIONS* DokanOptions;
    public void* ProcessingContext;
    public uint ProcessId;
    public byte IsDirectory;
    public byte DeletePending;
    public byte PagingIo;
    public byte SynchronousIo;
    public byte Nocache;
    public byte WriteToEndOfFile;
}
