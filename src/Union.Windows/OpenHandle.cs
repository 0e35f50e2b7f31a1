// One open of the volume (one DOKAN_FILE_INFO.Context): the engine node it holds a lookup reference on and the
// engine file when data was asked for. Lives from ZwCreateFile to CloseFile, because paging I/O from mapped
// views may arrive after Cleanup.
using Union.Core;

namespace Union.Windows;

internal sealed class OpenHandle(ulong nodeId, bool isDirectory)
{
    public ulong NodeId { get; } = nodeId;

    public bool IsDirectory { get; } = isDirectory;

    // Guards File, LinkTarget and Stale, and makes an append (size, then write) one step per handle.
    public Lock Gate { get; } = new();

    // Null for metadata-only opens; opened on demand by the first read or write.
    public OpenFile? File { get; set; }

    // A Linux symlink seen from Windows: a plain file whose content is the link target (git's core.symlinks=false form).
    public byte[]? LinkTarget { get; set; }

    // Another handle copied this file up: a read-only File still on a lower layer must be reopened before reading.
    public bool Stale { get; set; }

    // Cleanup deleted the entry; late paging I/O finds nothing to serve.
    public bool Deleted { get; private set; }

    // Before the delete at Cleanup: no host handle may keep the entry busy (a Windows host refuses to delete open files).
    public void MarkDeleted()
    {
        lock (Gate)
        {
            Deleted = true;
            File?.Dispose();
            File = null;
        }
    }

    public void CloseFile()
    {
        lock (Gate)
        {
            File?.Dispose();
            File = null;
        }
    }
}
