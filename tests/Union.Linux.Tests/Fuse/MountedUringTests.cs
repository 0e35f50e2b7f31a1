// FUSE over io_uring through the kernel: a union served over the rings from every CPU, and the fallbacks to
// /dev/fuse when the kernel does not offer it. One class, so its tests never flip enable_uring under each other.
using System.Collections.Concurrent;
using System.Text;
using Union.Linux.Fuse;
using Union.Linux.Fuse.Uring;
using Union.Linux.Interop;
using Union.Linux.Tests.Reliability;

namespace Union.Linux.Tests.Fuse;

public unsafe class MountedUringTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [SkippableFact]
    public void A_union_is_served_by_default_over_the_ring_of_each_cpu_when_offered_and_ends_cleanly_on_unmount()
    {
        RequireKernelSupport();
        using var _ = new EnableUring("Y");
        using var u = new UnionUnderTest();
        string lower = Directory.CreateDirectory(u.Path("lower")).FullName;
        File.WriteAllText(Path.Combine(lower, "keep"), "lower data");
        File.WriteAllText(Path.Combine(lower, "gone"), "deleted through the mount");
        var trace = new ConcurrentQueue<string>();
        u.Start(new UnionFuseOptions { Trace = trace.Enqueue }, lower);
        UnionMount mount = u.Mount!;
        Assert.True(SpinWait.SpinUntil(() => mount.IoUring, Timeout), "the rings were not registered: " + string.Join(" | ", u.Errors));
        Assert.True(mount.Passthrough, "passthrough (BACKING_OPEN on /dev/fuse) must work beside the rings");

        // One thread pinned to each CPU: its requests must arrive on that CPU's queue.
        var pinned = new ConcurrentBag<int>();
        Run(Enumerable.Range(0, Environment.ProcessorCount).Select<int, Action>(cpu => () =>
        {
            if (Pin(cpu)) pinned.Add(cpu);
            Workload(u.MountPoint, $"cpu{cpu}");
        }));
        long[] perQueue = mount.Session.IoUringRequests;
        Assert.Equal(PossibleCpus.Read(), perQueue.Length);
        Assert.NotEmpty(pinned);
        foreach (int cpu in pinned) Assert.True(perQueue[cpu] > 0, $"queue {cpu} served nothing: [{string.Join(", ", perQueue)}]");

        // Many small operations from unpinned threads at once.
        Run(Enumerable.Range(0, 6).Select<int, Action>(t => () =>
        {
            for (int i = 0; i < 40; i++)
            {
                string f = Path.Combine(u.MountPoint, $"c{t}-{i}");
                File.WriteAllText(f, $"{t}:{i}");
                Assert.Equal($"{t}:{i}", File.ReadAllText(f));
                if (i % 2 == 0) File.Delete(f);
            }
        }));
        Assert.Equal(6 * 20, Directory.GetFiles(u.MountPoint, "c*").Length);

        Assert.Equal("lower data", File.ReadAllText(Path.Combine(u.MountPoint, "keep")));
        File.Delete(Path.Combine(u.MountPoint, "gone"));
        Assert.False(File.Exists(Path.Combine(u.MountPoint, "gone")));
        Assert.True(File.Exists(Path.Combine(lower, "gone")), "a lower layer is never written");
        Assert.Equal("renamed", File.ReadAllText(Path.Combine(u.Upper, "cpu0", "after")));
        Assert.True(mount.Session.IoUringRequests.Sum() > perQueue.Sum(), "the concurrent phase went over the rings too");
        Assert.True(mount.IoUring);
        // Ring threads run as SCHED_IDLE, so that replies wake requesters on their own CPU.
        Assert.True(SpinWait.SpinUntil(() => RingThreadPolicies().All(p => p == Libc.SCHED_IDLE), Timeout),
            $"ring thread policies: [{string.Join(", ", RingThreadPolicies())}]");
        // At least this mount's: other tests' mounts in this process may take the rings too, now that it is the default.
        Assert.True(RingThreadPolicies().Count >= perQueue.Length, $"{RingThreadPolicies().Count} ring threads");
        // Handlers on ring threads registered backing files through /dev/fuse: no data reached the daemon.
        Assert.Contains(trace, l => l.Contains("FUSE_CREATE ", StringComparison.Ordinal));
        Assert.DoesNotContain(trace, l => l.Contains("FUSE_READ ", StringComparison.Ordinal) || l.Contains("FUSE_WRITE ", StringComparison.Ordinal));

        mount.Unmount();
        Assert.True(mount.Completion.Wait(Timeout), "the session did not end after unmount");
        Assert.False(mount.IoUring);
        Assert.Empty(u.Errors);
    }

    [SkippableFact]
    public void A_request_that_may_take_long_does_not_hold_up_the_other_requests_of_its_cpu()
    {
        RequireKernelSupport();
        using var _ = new EnableUring("Y");
        // An open for writing from CPU 0, which the file system takes its time over (as a union copying a big file up).
        using var held = new HeldWriteOpen(writerCpu: 0);

        // Meanwhile another thread's requests from the same CPU, over the same ring, are answered.
        string? read = null;
        var reader = new Thread(() =>
        {
            Pin(0);
            try { read = File.ReadAllText(held.Hello) + new FileInfo(held.Hello).Length; }
            catch (IOException e) { read = e.Message; }
        });
        reader.Start();
        bool answered = reader.Join(Timeout);
        held.Gate.Set();
        Assert.True(answered, "requests from the CPU of a slow request waited for it");
        Assert.Equal("hi\n3", read);
        Assert.True(held.Writer.Join(Timeout), "the slow open was never answered");
        held.Mount.Unmount();
        Assert.True(held.Session!.Completion.Wait(Timeout), "the session did not end after unmount");
    }

    [SkippableFact]
    public void A_session_stopped_while_a_request_is_offloaded_ends_once_that_request_is_done()
    {
        RequireKernelSupport();
        using var _ = new EnableUring("Y");
        using var held = new HeldWriteOpen(writerCpu: null);

        // The ring thread leaves only once the pool is done with the entry's buffer, and the pool gets done.
        FuseSession stopped = held.Session!;
        held.Session = null;   // a session that hangs on Dispose must not hang the cleanup too
        var stopping = new Thread(stopped.Dispose) { IsBackground = true };
        stopping.Start();
        Assert.False(stopping.Join(500), "the session ended while the pool still used a ring entry");
        held.Gate.Set();
        Assert.True(stopping.Join(Timeout), "the session never ended after its offloaded request came back");
        Assert.True(stopped.Completion.Wait(Timeout), "the session did not report its end");
    }

    [SkippableFact]
    public void With_enable_uring_off_a_mount_serves_through_dev_fuse_and_says_why_if_io_uring_was_asked_for()
    {
        UnionUnderTest.RequireRootFuse();
        FuseChannel.OpenDevice().Dispose();
        bool supported = File.Exists(FuseUringTransport.EnableParameter);
        using var _ = supported ? new EnableUring("N") : null;
        using var u = new UnionUnderTest();
        string lower = Directory.CreateDirectory(u.Path("lower")).FullName;
        u.Start(new UnionFuseOptions { IoUring = IoUringUse.Requested }, lower);
        Workload(u.MountPoint, "fallback");
        Assert.False(u.Mount!.IoUring);
        Assert.Empty(u.Mount.Session.IoUringRequests);
        string line = Assert.Single(u.Errors);
        Assert.Contains("io_uring requested but", line, StringComparison.Ordinal);
        Assert.Contains(supported ? "enable_uring is N (as root: echo Y > /sys/module/fuse/parameters/enable_uring)" : "CONFIG_FUSE_IO_URING", line, StringComparison.Ordinal);
        u.Mount.Unmount();
        Assert.True(u.Mount.Completion.Wait(Timeout), "the session did not end after unmount");

        // By default the rings are used when offered, and their absence is nothing to mention.
        using var quiet = new UnionUnderTest();
        quiet.Start(new UnionFuseOptions(), Directory.CreateDirectory(quiet.Path("lower")).FullName);
        Workload(quiet.MountPoint, "default");
        Assert.False(quiet.Mount!.IoUring);
        Assert.Empty(quiet.Errors);
        quiet.Mount.Unmount();
        Assert.True(quiet.Mount.Completion.Wait(Timeout), "the session did not end after unmount");
    }

    [SkippableFact]
    public void Rings_prepared_for_a_kernel_that_then_declines_at_INIT_are_dropped()
    {
        RequireKernelSupport();
        var log = new ConcurrentQueue<string>();
        DirectoryInfo dir = Directory.CreateTempSubdirectory("unionfs-uring-declined-");
        FuseMount? mount = null;
        FuseSession? session = null;
        try
        {
            // The kernel fixes its INIT offer at mount(2); the session prepares its rings afterwards.
            using (new EnableUring("N")) mount = FuseMount.Mount(dir.FullName, new FuseMountOptions { FsName = "hellofs", Subtype = "hellotest" });
            using (new EnableUring("Y")) session = new FuseSession(mount.Channel, new HelloFileSystem("hi\n"u8.ToArray()),
                new FuseSessionOptions { IoUring = IoUringUse.Requested, Threads = 1, Log = log.Enqueue });
            session.Start();
            Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir.FullName, "hello")));
            Assert.False(session.IoUring);
            Assert.Contains("did not offer it at INIT", Assert.Single(log), StringComparison.Ordinal);
            mount.Unmount();
            Assert.True(session.Completion.Wait(Timeout), "the session did not end after unmount");
        }
        finally
        {
            if (mount is { IsMounted: true }) mount.Unmount(lazy: true);
            session?.Dispose();
            mount?.Dispose();
            dir.Delete();
        }
    }

    /// <summary>Create, write, read, stat, list, rename and delete in a directory of its own.</summary>
    private static void Workload(string root, string name)
    {
        string dir = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        string a = Path.Combine(dir, "before"), b = Path.Combine(dir, "after");
        byte[] big = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(name, 40_000)));
        File.WriteAllBytes(Path.Combine(dir, "big"), big);
        Assert.Equal(big, File.ReadAllBytes(Path.Combine(dir, "big")));
        File.WriteAllText(a, "renamed");
        Assert.Equal(7, new FileInfo(a).Length);
        File.Move(a, b);
        Assert.Equal(["after", "big"], Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("renamed", File.ReadAllText(b));
        File.Delete(Path.Combine(dir, "big"));
        Assert.False(File.Exists(Path.Combine(dir, "big")));
    }

    /// <summary>Runs each action on its own thread (so pinning never leaks into the pool); rethrows the first failure.</summary>
    private static void Run(IEnumerable<Action> actions)
    {
        var errors = new ConcurrentQueue<Exception>();
        var threads = actions.Select(a => new Thread(() =>
        {
            try { a(); }
            catch (Exception e) { errors.Enqueue(e); }
        })).ToList();
        threads.ForEach(t => t.Start());
        foreach (Thread t in threads) Assert.True(t.Join(Timeout), "a workload thread hung");
        if (errors.TryDequeue(out Exception? first)) throw new AggregateException(first);
    }

    /// <summary>Scheduling policy (field 41 of /proc/self/task/TID/stat) of each thread named fuse-uring-N.</summary>
    private static List<int> RingThreadPolicies()
    {
        var policies = new List<int>();
        foreach (string task in Directory.GetDirectories("/proc/self/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith("fuse-uring-", StringComparison.Ordinal)) continue;
                string stat = File.ReadAllText(Path.Combine(task, "stat"));
                policies.Add(int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[41 - 3], System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // Another test's thread ended meanwhile.
            }
        }
        return policies;
    }

    private static bool Pin(int cpu)
    {
        byte* mask = stackalloc byte[Libc.CpuSetBytes];
        new Span<byte>(mask, Libc.CpuSetBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return Libc.SchedSetaffinity(0, Libc.CpuSetBytes, mask) == 0;
    }

    /// <summary>Under CI=true a kernel without FUSE over io_uring fails the test; elsewhere it skips.</summary>
    private static void RequireKernelSupport()
    {
        UnionUnderTest.RequireRootFuse();
        FuseChannel.OpenDevice().Dispose();   // loads the fuse module, and with it its parameters
        bool supported = File.Exists(FuseUringTransport.EnableParameter);
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(supported, $"CI needs a kernel with FUSE over io_uring ({FuseUringTransport.EnableParameter})");
        }
        Skip.IfNot(supported, "this kernel has no FUSE over io_uring");
    }

    /// <summary>
    /// A hello file system served over io_uring whose opens for writing wait at <see cref="Gate"/> before they are
    /// refused; once constructed, one such open (by <see cref="Writer"/>) is waiting in the offload pool.
    /// </summary>
    private sealed class HeldWriteOpen : IDisposable
    {
        private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("unionfs-uring-offload-");

        public HeldWriteOpen(int? writerCpu)
        {
            var fs = new HelloFileSystem("hi\n"u8.ToArray(), writeOpenGate: Gate);
            Writer = new Thread(() =>
            {
                if (writerCpu is { } cpu) Pin(cpu);
                try { File.OpenWrite(Hello).Dispose(); }
                catch (Exception e) when (e is UnauthorizedAccessException or IOException) { }
            });
            try
            {
                Mount = FuseMount.Mount(_dir.FullName, new FuseMountOptions { FsName = "hellofs", Subtype = "hellotest" });
                Session = new FuseSession(Mount.Channel, fs, new FuseSessionOptions { IoUring = IoUringUse.Requested, Threads = 1 });
                Session.Start();
                Assert.Equal("hi\n", File.ReadAllText(Hello));
                Assert.True(SpinWait.SpinUntil(() => Session.IoUring, Timeout), "the rings were not registered");
                Writer.Start();
                Assert.True(SpinWait.SpinUntil(() => fs.WriteOpensWaiting == 1, Timeout), "the open for writing never arrived");
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public ManualResetEventSlim Gate { get; } = new(false);
        public FuseMount Mount { get; }
        public FuseSession? Session { get; set; }
        public Thread Writer { get; }
        public string Hello => Path.Combine(_dir.FullName, "hello");

        public void Dispose()
        {
            Gate.Set();
            if (Mount is { IsMounted: true }) Mount.Unmount(lazy: true);
            Mount?.Dispose();
            if (Writer.IsAlive) Writer.Join(Timeout);
            Session?.Dispose();
            _dir.Delete();
        }
    }

    /// <summary>Sets the fuse module's enable_uring for a scope and restores the previous value.</summary>
    private sealed class EnableUring : IDisposable
    {
        private readonly string _old = File.ReadAllText(FuseUringTransport.EnableParameter).Trim();

        public EnableUring(string value) => File.WriteAllText(FuseUringTransport.EnableParameter, value);

        public void Dispose() => File.WriteAllText(FuseUringTransport.EnableParameter, _old);
    }
}
