// Open flags the engine understands, as Linux numbers them (the Windows adapter translates into these).
namespace Union.Core;

/// <summary>Subset of open(2) flags, with Linux values.</summary>
[Flags]
public enum OpenMode
{
    ReadOnly = 0,
    WriteOnly = 1,
    ReadWrite = 2,
    AccessMask = 3,
    Create = 0x40,
    Exclusive = 0x80,
    NoCtty = 0x100,
    Truncate = 0x200,
    Append = 0x400,
    NonBlock = 0x800,
    DSync = 0x1000,
    Direct = 0x4000,
    LargeFile = 0x8000,
    Directory = 0x10000,
    NoFollow = 0x20000,
    NoAtime = 0x40000,
    CloseOnExec = 0x80000,
    Sync = 0x101000,
    Path = 0x200000,
    TmpFile = 0x410000,
}

public static class OpenModeExtensions
{
    /// <summary>True when the open can change the file: write access or truncation.</summary>
    public static bool CanWrite(this OpenMode mode) =>
        (mode & OpenMode.AccessMask) != OpenMode.ReadOnly || (mode & OpenMode.Truncate) != 0;
}
