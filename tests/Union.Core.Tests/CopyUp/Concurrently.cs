// Runs engine calls on their own threads for the race tests, and waits for them with a bound (a hang fails the test).
namespace Union.Core.Tests.CopyUp;

internal static class Concurrently
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    public static Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static T Finish<T>(Task<T> task)
    {
        Assert.True(task.Wait(Bound), "operation did not finish");
        return task.Result;
    }

    public static Task<(FsError Error, OpenFile? File)> OpenForWrite(UnionFileSystem fs, ulong id) =>
        Start(() => (fs.Open(id, OpenMode.ReadWrite, out var file), file));
}
