// One step of a differential sequence: a syscall with its arguments, applied the same way to both mounts.
namespace Union.Cli.Tests.Differential;

internal enum OpKind
{
    Create, Write, Append, Truncate, Unlink, Mkdir, Rmdir, Rename, Symlink, Link, Chmod, Utimens, SetXattr,
    ReadDir, Stat, Read,
}

/// <summary>
/// <paramref name="Number"/> is an offset, size, mode, rename flags or time, by kind; <paramref name="Length"/> and
/// <paramref name="Fill"/> describe the bytes a write puts down.
/// </summary>
internal sealed record Operation(OpKind Kind, string Path, string? Other = null, long Number = 0, int Length = 0, byte Fill = 0)
{
    public override string ToString() => Kind switch
    {
        OpKind.Create or OpKind.Mkdir or OpKind.Chmod => $"{Kind} {Path} 0{Convert.ToString(Number, 8)}",
        OpKind.Write => $"{Kind} {Path} at {Number} len {Length} fill {Fill}",
        OpKind.Append => $"{Kind} {Path} len {Length} fill {Fill}",
        OpKind.Truncate => $"{Kind} {Path} to {Number}",
        OpKind.Rename => $"{Kind} {Path} -> {Other} flags {Number}",
        OpKind.Symlink => $"{Kind} {Path} -> '{Other}'",
        OpKind.Link => $"{Kind} {Path} as {Other}",
        OpKind.Utimens => $"{Kind} {Path} mtime {Number}",
        OpKind.SetXattr => $"{Kind} {Path} {Other}={Fill}",
        _ => $"{Kind} {Path}",
    };
}
