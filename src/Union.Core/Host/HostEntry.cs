// One name read from a host directory, with the type the directory entry reports.
namespace Union.Core.Host;

public readonly record struct HostEntry(string Name, FileKind Kind, ulong Inode);
