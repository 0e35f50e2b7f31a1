// Plays dokan2.dll in-process: DOKAN_OPTIONS/DOKAN_FILE_INFO in native memory, GlobalContext = GCHandle of the
// filesystem, and the DOKAN_OPERATIONS table the binding built. Tests call the slots' function pointers directly.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Union.Windows.Dokan;
using Union.Windows.Dokan.Native;

namespace Union.Windows.Tests.Dokan;

internal sealed unsafe class NativeCaller : IDisposable
{
    private readonly List<nint> strings = [];
    private GCHandle handle;

    public NativeCaller(IDokanFileSystem fileSystem)
    {
        handle = GCHandle.Alloc(fileSystem);
        Options = (DOKAN_OPTIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPTIONS));
        Options->GlobalContext = (ulong)GCHandle.ToIntPtr(handle);
        Info = (DOKAN_FILE_INFO*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_FILE_INFO));
        Info->DokanOptions = Options;
        Info->ProcessId = 1234;
        Ops = (DOKAN_OPERATIONS*)NativeMemory.AllocZeroed((nuint)sizeof(DOKAN_OPERATIONS));
        *Ops = DokanCallbacks.CreateOperations();
    }

    public DOKAN_OPTIONS* Options { get; }

    public DOKAN_FILE_INFO* Info { get; }

    public DOKAN_OPERATIONS* Ops { get; }

    public static NtStatus Status(int result) => (NtStatus)(uint)result;

    // A NUL-terminated UTF-16 copy that lives until Dispose, like the strings in dokan2.dll's event buffers.
    public char* Str(string value)
    {
        var p = (char*)NativeMemory.Alloc((nuint)(value.Length + 1), sizeof(char));
        value.AsSpan().CopyTo(new Span<char>(p, value.Length));
        p[value.Length] = '\0';
        strings.Add((nint)p);
        return p;
    }

    public void Dispose()
    {
        foreach (var p in strings)
        {
            NativeMemory.Free((void*)p);
        }

        NativeMemory.Free(Ops);
        NativeMemory.Free(Info);
        NativeMemory.Free(Options);
        handle.Free();
    }
}

// Stands in for dokan2.dll's DokanFillFileData / FillFindStreamData: keeps the raw bytes of every record.
internal static unsafe class FillRecorder
{
    [ThreadStatic]
    private static List<byte[]>? records;

    [ThreadStatic]
    private static int acceptBeforeFull;

    public static List<byte[]> Records => records ??= [];

    // Entries accepted before the fake reports "buffer full"; negative means never full.
    public static void Reset(int acceptBeforeFull = -1)
    {
        records = [];
        FillRecorder.acceptBeforeFull = acceptBeforeFull;
    }

    public static delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int> FindData => &Fill;

    public static delegate* unmanaged[Stdcall]<WIN32_FIND_STREAM_DATA*, void*, int> StreamData => &FillStream;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int Fill(WIN32_FIND_DATAW* data, DOKAN_FILE_INFO* info)
    {
        if (acceptBeforeFull >= 0 && Records.Count >= acceptBeforeFull)
        {
            return 1;
        }

        Records.Add(new ReadOnlySpan<byte>(data, sizeof(WIN32_FIND_DATAW)).ToArray());
        return 0;
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvStdcall)])]
    private static int FillStream(WIN32_FIND_STREAM_DATA* data, void* context)
    {
        Records.Add(new ReadOnlySpan<byte>(data, sizeof(WIN32_FIND_STREAM_DATA)).ToArray());
        return 1;
    }
}
