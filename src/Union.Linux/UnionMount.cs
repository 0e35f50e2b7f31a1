// A live FUSE mount of a union: mounts, starts the reader threads, and tears both down in the right order.
namespace Union.Linux;

using System.Runtime.Versioning;
using Union.Core;
using Union.Linux.Fuse;

/// <summary>A union mounted through the project's own FUSE layer. Dispose unmounts.</summary>
[SupportedOSPlatform("linux")]
public sealed class UnionMount : IDisposable
{
    private readonly FuseMount _mount;
    private readonly FuseSession _session;
    private readonly UnionFuseAdapter _adapter;
    private int _disposed;

    private UnionMount(FuseMount mount, FuseSession session, UnionFuseAdapter adapter)
    {
        _mount = mount;
        _session = session;
        _adapter = adapter;
    }

    public string MountPoint => _mount.MountPoint;

    /// <summary>Completes when the kernel connection ends (unmounted from anywhere, or the daemon stopped).</summary>
    public Task Completion => _session.Completion;

    /// <summary>True once the kernel accepted passthrough at INIT.</summary>
    public bool Passthrough => _session.Connection?.Passthrough == true;

    /// <summary>True while requests travel over FUSE-over-io_uring rings instead of /dev/fuse reads.</summary>
    public bool IoUring => _session.IoUring;

    internal FuseSession Session => _session;

    /// <summary>Open file and directory handles the kernel still holds.</summary>
    public int OpenHandles => _adapter.OpenHandles;

    public static UnionMount Start(UnionFileSystem union, string mountPoint, UnionFuseOptions options)
    {
        bool root = Interop.Libc.Getuid() == 0;
        // Passthrough needs CAP_SYS_ADMIN; without it the kernel would refuse every backing file.
        bool passthrough = options.Passthrough && root;
        var sessionOptions = new FuseSessionOptions
        {
            Threads = options.Threads,
            SpinMicroseconds = options.SpinMicroseconds,
            IoUring = options.IoUring,
            Passthrough = passthrough,
            WritebackCache = !passthrough && !union.IsReadOnly,
            Readdirplus = true,
            ReaddirplusAuto = true,
            CacheSymlinks = true,
            AtomicOTrunc = true,
            HandleKillprivV2 = true,
            ParallelDirops = true,
            Log = options.Log,
            Trace = options.Trace,
        };
        var adapter = new UnionFuseAdapter(union, options);
        var mount = FuseMount.Mount(mountPoint, new FuseMountOptions
        {
            FsName = options.FsName,
            Subtype = "union",
            AllowOther = options.AllowOther,
            DefaultPermissions = options.DefaultPermissions,
            ReadOnly = options.ReadOnly || union.IsReadOnly,
            Threads = options.Threads,
        });
        var session = new FuseSession(mount.Channel, adapter, sessionOptions);
        adapter.Session = session;
        union.DirectoryCopiedUp = id => session.NotifyInvalInode(id, -1, 0);
        try
        {
            session.Start();
        }
        catch
        {
            mount.Dispose();
            throw;
        }
        return new UnionMount(mount, session, adapter);
    }

    /// <summary>Unmounts; a lazy unmount detaches even while files are open.</summary>
    public void Unmount(bool lazy = false) => _mount.Unmount(lazy);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try { _mount.Unmount(); }
        catch (IOException) { _mount.Unmount(lazy: true); }
        _session.Stop();
        _session.Completion.Wait(TimeSpan.FromSeconds(5));
        _session.Dispose();
        _mount.Dispose();
    }
}
