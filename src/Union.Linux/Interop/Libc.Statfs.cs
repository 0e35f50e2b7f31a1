// statfs(2): the one call a FUSE filesystem always answers itself (nothing cached), so it tells a live mount from a dead one.
using System.Runtime.InteropServices;

namespace Union.Linux.Interop;

internal static unsafe partial class Libc
{
    /// <summary>struct statfs is 120 bytes on x86_64 and aarch64; callers pass a larger buffer.</summary>
    internal const int StatfsSize = 256;

    [LibraryImport(Name, EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Statfs(string path, byte* buffer);
}
