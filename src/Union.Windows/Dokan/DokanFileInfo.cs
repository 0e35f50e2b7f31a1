// Managed view of DOKAN_FILE_INFO: same 48-byte layout, so callbacks get a `ref` straight into dokan2.dll's memory
// and writes (Context, IsDirectory) land where the library reads them. Lives only for one callback.
using System.Runtime.InteropServices;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

[StructLayout(LayoutKind.Sequential)]
internal struct DokanFileInfo
{
    private DOKAN_FILE_INFO native;

    // The filesystem's per-open value, set in ZwCreateFile and released in CloseFile (not Cleanup: paging I/O
    // can still arrive between the two). Never set it when ZwCreateFile fails: a failed create gets no CloseFile.
    public ulong Context
    {
        readonly get => native.Context;
        set => native.Context = value;
    }

    // Pre-set by dokan2.dll for FILE_DIRECTORY_FILE; ZwCreateFile must set it whenever the opened object is a directory.
    public bool IsDirectory
    {
        readonly get => native.IsDirectory != 0;
        set => native.IsDirectory = value ? (byte)1 : (byte)0;
    }

    // In Cleanup: this is the last handle and the object must be deleted now. In DeleteFile/DeleteDirectory:
    // the requested disposition (false when a pending delete is being cancelled).
    public readonly bool DeletePending => native.DeletePending != 0;

    // Read/write issued by the memory manager; may arrive after Cleanup and must not extend the file.
    public readonly bool PagingIo => native.PagingIo != 0;

    public readonly bool SynchronousIo => native.SynchronousIo != 0;

    public readonly bool Nocache => native.Nocache != 0;

    // WriteFile: append at end of file and ignore the offset.
    public readonly bool WriteToEndOfFile => native.WriteToEndOfFile != 0;

    public readonly uint ProcessId => native.ProcessId;

    public readonly ulong GlobalContext
    {
        get
        {
            unsafe
            {
                return native.DokanOptions == null ? 0 : native.DokanOptions->GlobalContext;
            }
        }
    }
}
