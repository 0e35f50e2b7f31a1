// A NUL-terminated UTF-16 copy in native memory for the length of one callback, as dokan2.dll passes names.
using System.Runtime.InteropServices;

namespace Union.Windows.Tests.IoManager;

internal readonly unsafe struct NativeString : IDisposable
{
    public NativeString(string value)
    {
        Pointer = (char*)NativeMemory.Alloc((nuint)(value.Length + 1), sizeof(char));
        value.AsSpan().CopyTo(new Span<char>(Pointer, value.Length));
        Pointer[value.Length] = '\0';
    }

    public char* Pointer { get; }

    public void Dispose() => NativeMemory.Free(Pointer);
}
