// The FindFiles/FindStreams fill callbacks (PFillFindData, PFillFindStreamData): turns one managed entry
// into a WIN32_FIND_DATAW / WIN32_FIND_STREAM_DATA on the stack and hands it to dokan2.dll.
using Union.Windows.Dokan.Native;

namespace Union.Windows.Dokan;

internal readonly unsafe ref struct FindDataSink
{
    // cFileName is MAX_PATH including the terminating NUL.
    public const int MaxNameLength = WIN32_FIND_DATAW.MAX_PATH - 1;

    private readonly delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int> fill;
    private readonly DOKAN_FILE_INFO* info;

    public FindDataSink(delegate* unmanaged[Stdcall]<WIN32_FIND_DATAW*, DOKAN_FILE_INFO*, int> fill, DOKAN_FILE_INFO* info)
    {
        this.fill = fill;
        this.info = info;
    }

    // Returns false when dokan2.dll reports its buffer full (PFillFindData returns 1); stop enumerating then.
    // Do not add "." or "..": dokan2.dll adds them for non-root directories.
    public bool Add(ReadOnlySpan<char> name, in FileInformation entry)
    {
        if (name.IsEmpty || name.Length > MaxNameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(name), name.Length, "A find entry name must be 1..259 UTF-16 units.");
        }

        WIN32_FIND_DATAW data = default;
        data.dwFileAttributes = (uint)entry.Attributes;
        data.ftCreationTime = new FILETIME(entry.CreationTime);
        data.ftLastAccessTime = new FILETIME(entry.LastAccessTime);
        data.ftLastWriteTime = new FILETIME(entry.LastWriteTime);
        data.nFileSizeHigh = (uint)((ulong)entry.Length >> 32);
        data.nFileSizeLow = (uint)entry.Length;
        data.dwReserved0 = (entry.Attributes & FileAttributes.ReparsePoint) != 0 ? entry.ReparseTag : 0;
        name.CopyTo(new Span<char>(data.cFileName, WIN32_FIND_DATAW.MAX_PATH));
        return fill(&data, info) == 0;
    }
}

internal readonly unsafe ref struct FindStreamSink
{
    public const int MaxNameLength = WIN32_FIND_STREAM_DATA.NameCapacity - 1;

    private readonly delegate* unmanaged[Stdcall]<WIN32_FIND_STREAM_DATA*, void*, int> fill;
    private readonly void* context;

    public FindStreamSink(delegate* unmanaged[Stdcall]<WIN32_FIND_STREAM_DATA*, void*, int> fill, void* context)
    {
        this.fill = fill;
        this.context = context;
    }

    // streamName is the full ":name:$DATA" form. Returns false when the buffer is full (the callback returned FALSE);
    // the filesystem should then return STATUS_BUFFER_OVERFLOW.
    public bool Add(ReadOnlySpan<char> streamName, long size)
    {
        if (streamName.IsEmpty || streamName.Length > MaxNameLength)
        {
            throw new ArgumentOutOfRangeException(nameof(streamName), streamName.Length, "A stream name must be 1..295 UTF-16 units.");
        }

        WIN32_FIND_STREAM_DATA data = default;
        data.StreamSize = size;
        streamName.CopyTo(new Span<char>(data.cStreamName, WIN32_FIND_STREAM_DATA.NameCapacity));
        return fill(&data, context) != 0;
    }
}
