// How the union is presented to the kernel: cache lifetimes, passthrough, threads and tracing.
namespace Union.Linux;

public sealed record UnionFuseOptions
{
    /// <summary>How long the kernel may trust names and attributes; layers do not change underneath a mount.</summary>
    public TimeSpan EntryTimeout { get; init; } = TimeSpan.FromSeconds(86400);
    public TimeSpan AttributeTimeout { get; init; } = TimeSpan.FromSeconds(86400);
    /// <summary>How long a "no such name" answer may be cached; zero disables negative entries.</summary>
    public TimeSpan NegativeTimeout { get; init; } = TimeSpan.FromSeconds(86400);
    /// <summary>Let the kernel read and write backing files directly (root only); falls back when refused.</summary>
    public bool Passthrough { get; init; } = true;
    public int Threads { get; init; }
    /// <summary>How long a reader polls for the next request before sleeping; 0 never spins (see Fuse/ReaderSpin).</summary>
    public int SpinMicroseconds { get; init; } = 50;
    /// <summary>Serve requests over FUSE-over-io_uring when the kernel offers it, else through /dev/fuse reads.</summary>
    public Fuse.IoUringUse IoUring { get; init; } = Fuse.IoUringUse.WhenOffered;
    public bool AllowOther { get; init; }
    public bool DefaultPermissions { get; init; }
    /// <summary>
    /// With <see cref="DefaultPermissions"/>, the kernel checks POSIX ACLs too, as overlayfs does. Until kernels
    /// keep a directory's mode across a change in it, that costs a non-owner one more round trip per create or delete
    /// in a directory with group or other bits.
    /// </summary>
    public bool PosixAcl { get; init; } = true;
    public bool ReadOnly { get; init; }
    public string FsName { get; init; } = "union";
    public Action<string>? Log { get; init; }
    public Action<string>? Trace { get; init; }
}
