// INIT negotiation: protocol version, capability bits (flags | flags2 << 32) and limits, in one place.
using Union.Linux.Fuse.Abi;
using Union.Linux.Interop;

namespace Union.Linux.Fuse;

internal sealed partial class FuseDispatcher
{
    /// <summary>Oldest kernel minor whose request/reply structs match the ones mirrored here.</summary>
    public const uint MinKernelMinor = 12;

    private const uint PageSize = 4096;
    private const uint MaxMaxPages = 256;

    private int DoInit(ref FuseRequestReader r, ref FuseReplyWriter w)
    {
        if (_connection is not null)
        {
            return Errno.EIO;
        }
        // Kernels before 7.36 send only major, minor, max_readahead, flags (16 bytes).
        int available = Math.Min(r.Remaining.Length, System.Runtime.CompilerServices.Unsafe.SizeOf<fuse_init_in>());
        if (available < fuse_init_in.COMPAT_SIZE || !r.TryReadPrefix(available, out fuse_init_in init))
        {
            return Errno.EINVAL;
        }
        if (init.major > FuseConstants.FUSE_KERNEL_VERSION)
        {
            // A newer major: answer with ours only; the kernel then retries INIT with major 7.
            ref fuse_init_out v = ref w.Append<fuse_init_out>();
            v.major = FuseConstants.FUSE_KERNEL_VERSION;
            v.minor = FuseConstants.FUSE_KERNEL_MINOR_VERSION;
            return 0;
        }
        if (init.major < FuseConstants.FUSE_KERNEL_VERSION || init.minor < MinKernelMinor)
        {
            _options.Log?.Invoke($"fuse: unsupported kernel protocol {init.major}.{init.minor}");
            return Errno.EPROTO;
        }

        var kernelFlags = (FuseInitFlags)init.flags;
        if ((kernelFlags & FuseInitFlags.FUSE_INIT_EXT) != 0 && available >= 20)
        {
            kernelFlags |= (FuseInitFlags)((ulong)init.flags2 << 32);
        }
        FuseInitConfig config = DefaultConfig(init, kernelFlags);
        _fs.Init(ref config);
        FuseConnectionInfo info = Finish(ref config);

        uint minor = Math.Min(init.minor, (uint)FuseConstants.FUSE_KERNEL_MINOR_VERSION);
        ref fuse_init_out o = ref w.Append<fuse_init_out>();
        o.major = FuseConstants.FUSE_KERNEL_VERSION;
        o.minor = minor;
        o.max_readahead = config.MaxReadahead;
        o.flags = (uint)((ulong)info.Flags & 0xFFFF_FFFF);
        o.flags2 = (uint)((ulong)info.Flags >> 32);
        o.max_background = config.MaxBackground;
        o.congestion_threshold = config.CongestionThreshold;
        o.max_write = config.MaxWrite;
        o.time_gran = config.TimeGran;
        o.max_pages = (ushort)Math.Min(MaxMaxPages, (config.MaxWrite + PageSize - 1) / PageSize);
        o.max_stack_depth = info.MaxStackDepth;
        if (minor < 23)
        {
            // FUSE_COMPAT_22_INIT_OUT_SIZE: older kernels reject a longer reply.
            w.Truncate(24);
        }
        _connection = info with { Minor = minor };
        return 0;
    }

    private FuseInitConfig DefaultConfig(in fuse_init_in init, FuseInitFlags kernelFlags)
    {
        var want = FuseInitFlags.FUSE_BIG_WRITES | FuseInitFlags.FUSE_MAX_PAGES;
        if (_options.AsyncRead) want |= FuseInitFlags.FUSE_ASYNC_READ;
        if (_options.ParallelDirops) want |= FuseInitFlags.FUSE_PARALLEL_DIROPS;
        if (_options.Readdirplus) want |= FuseInitFlags.FUSE_DO_READDIRPLUS;
        if (_options.Readdirplus && _options.ReaddirplusAuto) want |= FuseInitFlags.FUSE_READDIRPLUS_AUTO;
        if (_options.CacheSymlinks) want |= FuseInitFlags.FUSE_CACHE_SYMLINKS;
        if (_options.AtomicOTrunc) want |= FuseInitFlags.FUSE_ATOMIC_O_TRUNC;
        if (_options.ExportSupport) want |= FuseInitFlags.FUSE_EXPORT_SUPPORT;
        if (_options.HandleKillprivV2) want |= FuseInitFlags.FUSE_HANDLE_KILLPRIV_V2;
        if (_options.IoUring != IoUringUse.Never) want |= FuseInitFlags.FUSE_OVER_IO_URING;
        if (_options.Passthrough) want |= FuseInitFlags.FUSE_PASSTHROUGH;
        else if (_options.WritebackCache) want |= FuseInitFlags.FUSE_WRITEBACK_CACHE;
        return new FuseInitConfig
        {
            KernelMajor = init.major,
            KernelMinor = init.minor,
            KernelFlags = kernelFlags,
            KernelMaxReadahead = init.max_readahead,
            Want = want,
            MaxReadahead = _options.MaxReadahead,
            MaxWrite = _options.MaxWrite,
            MaxBackground = _options.MaxBackground,
            CongestionThreshold = _options.CongestionThreshold,
            TimeGran = 1,
            MaxStackDepth = _options.MaxStackDepth,
        };
    }

    /// <summary>Capabilities whose requests this layer answers ENOSYS or cannot carry; never negotiated.</summary>
    private const FuseInitFlags Unimplemented =
        FuseInitFlags.FUSE_POSIX_LOCKS | FuseInitFlags.FUSE_FLOCK_LOCKS | FuseInitFlags.FUSE_SPLICE_WRITE
        | FuseInitFlags.FUSE_SPLICE_MOVE | FuseInitFlags.FUSE_SPLICE_READ | FuseInitFlags.FUSE_MAP_ALIGNMENT
        | FuseInitFlags.FUSE_HAS_INODE_DAX | FuseInitFlags.FUSE_INIT_RESERVED;

    private FuseConnectionInfo Finish(ref FuseInitConfig c)
    {
        // Without POSIX_LOCKS/FLOCK_LOCKS the kernel keeps locks local, which is what a v1 daemon wants.
        FuseInitFlags flags = c.Want & c.KernelFlags & ~Unimplemented;
        uint depth = 0;
        if ((flags & FuseInitFlags.FUSE_PASSTHROUGH) != 0)
        {
            // The kernel enables passthrough only with INIT_EXT, 1 <= max_stack_depth <= 2 and no writeback cache.
            flags &= ~FuseInitFlags.FUSE_WRITEBACK_CACHE;
            depth = Math.Clamp(c.MaxStackDepth, 1u, 2u);
        }
        else if ((c.Want & FuseInitFlags.FUSE_PASSTHROUGH) != 0)
        {
            _options.Log?.Invoke("fuse: kernel does not offer passthrough; continuing without it");
        }
        if ((flags & ~(FuseInitFlags)0xFFFF_FFFFUL) != 0)
        {
            flags |= FuseInitFlags.FUSE_INIT_EXT;
        }
        // Never above the option: the reader buffers were sized from it before INIT arrived.
        uint ceiling = Math.Clamp(_options.MaxWrite, PageSize, MaxMaxPages * PageSize);
        uint maxWrite = Math.Clamp(c.MaxWrite, PageSize, ceiling);
        if ((flags & FuseInitFlags.FUSE_MAX_PAGES) == 0)
        {
            maxWrite = Math.Min(maxWrite, 32 * PageSize);
        }
        c.MaxWrite = maxWrite;
        c.MaxReadahead = Math.Min(c.MaxReadahead, c.KernelMaxReadahead);
        c.TimeGran = c.TimeGran == 0 ? 1 : c.TimeGran;
        return new FuseConnectionInfo(c.KernelMinor, flags, maxWrite, c.MaxReadahead, depth);
    }
}
