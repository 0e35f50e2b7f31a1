// Capabilities and runtime knobs a caller picks for one FUSE connection (negotiated at INIT, used by the loop).
namespace Union.Linux.Fuse;

internal sealed record FuseSessionOptions
{
    /// <summary>Reader threads; 0 means clamp(ProcessorCount, 2, 8).</summary>
    public int Threads { get; init; }

    /// <summary>Largest WRITE payload; 1 MiB needs max_pages 256. Sizes the per-thread buffers.</summary>
    public uint MaxWrite { get; init; } = 1024 * 1024;

    public uint MaxReadahead { get; init; } = 1024 * 1024;
    public ushort MaxBackground { get; init; } = 64;
    public ushort CongestionThreshold { get; init; } = 48;

    /// <summary>FOPEN_PASSTHROUGH support (needs CAP_SYS_ADMIN); excludes <see cref="WritebackCache"/>.</summary>
    public bool Passthrough { get; init; }

    /// <summary>1 or 2; see the kernel's FILESYSTEM_MAX_STACK_DEPTH rule for passthrough backing files.</summary>
    public uint MaxStackDepth { get; init; } = 1;

    /// <summary>Serve requests over FUSE-over-io_uring (one ring and one pinned thread per CPU) instead of /dev/fuse reads.</summary>
    public IoUringUse IoUring { get; init; }

    /// <summary>Ignored when <see cref="Passthrough"/> is on: the kernel refuses the combination.</summary>
    public bool WritebackCache { get; init; }

    public bool AsyncRead { get; init; } = true;
    public bool ParallelDirops { get; init; } = true;
    public bool Readdirplus { get; init; }
    public bool ReaddirplusAuto { get; init; } = true;
    public bool CacheSymlinks { get; init; }
    public bool AtomicOTrunc { get; init; }
    public bool ExportSupport { get; init; }
    public bool HandleKillprivV2 { get; init; }

    /// <summary>How long an idle reader waits in poll(2) before re-checking Stop().</summary>
    public int IdlePollMilliseconds { get; init; } = 200;

    /// <summary>How long one reader keeps polling for the next request after a reply before it sleeps (see ReaderSpin).</summary>
    public int SpinMicroseconds { get; init; }

    /// <summary>Errors and handler exceptions, one line each.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Every request and its result; null costs nothing.</summary>
    public Action<string>? Trace { get; init; }

    /// <summary>Session options carrying a mount's Threads and Debug choices.</summary>
    public static FuseSessionOptions ForMount(FuseMountOptions mount, Action<string>? log) => new()
    {
        Threads = mount.Threads,
        Log = log,
        Trace = mount.Debug ? log : null,
    };

    internal int EffectiveThreads => Threads > 0 ? Threads : Math.Clamp(Environment.ProcessorCount, 2, 8);
}
