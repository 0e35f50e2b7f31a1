// A union mounted in this process over temp layers, so tests can watch the engine (NodeCount) and the adapter
// (OpenHandles) while the kernel drives them. Mounted tests fail instead of skipping under CI=true.
using System.Collections.Concurrent;
using Union.Core;
using Union.Linux.Fuse;
using Union.Linux.Interop;

namespace Union.Linux.Tests.Reliability;

internal sealed class UnionUnderTest : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("union-inproc-").FullName;
    public string MountPoint => System.IO.Path.Combine(Root, "m");
    public string Upper => System.IO.Path.Combine(Root, "upper");
    public string Work => System.IO.Path.Combine(Root, "work");
    public UnionFileSystem? Union { get; private set; }
    public UnionMount? Mount { get; private set; }
    public ConcurrentQueue<string> Errors { get; } = new();

    public static void RequireRootFuse()
    {
        bool available = File.Exists(FuseChannel.DevicePath) && Libc.Getuid() == 0;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.True(available, "mounted tests need /dev/fuse and root in CI");
        }
        Skip.IfNot(available, "needs /dev/fuse and root");
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public void Start(params string[] lowers) => Start(new UnionFuseOptions { Threads = 2 }, lowers);

    /// <summary>Mounts with <paramref name="options"/>; log lines always go to <see cref="Errors"/>.</summary>
    public void Start(UnionFuseOptions options, params string[] lowers)
    {
        Directory.CreateDirectory(Upper);
        Directory.CreateDirectory(Work);
        Directory.CreateDirectory(MountPoint);
        Union = UnionFileSystem.Open(new UnionOptions { Lowers = [.. lowers], Upper = Upper, Work = Work });
        Mount = UnionMount.Start(Union, MountPoint, options with { Log = Errors.Enqueue });
        Assert.True(Directory.Exists(MountPoint));   // waits for INIT
    }

    public void Dispose()
    {
        Mount?.Dispose();
        Union?.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
