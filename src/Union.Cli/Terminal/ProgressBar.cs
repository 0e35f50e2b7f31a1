// A one-line progress bar for long offline runs, drawn only when stdout is a terminal (never in pipes or logs).
namespace Union.Cli.Terminal;

using System.Diagnostics;

internal sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private readonly string _label;
    private readonly Stopwatch _sinceDraw = Stopwatch.StartNew();
    private bool _drawn;

    private ProgressBar(string label) => _label = label;

    /// <summary>A bar, or null when stdout is redirected.</summary>
    public static ProgressBar? ForTerminal(string label) => Console.IsOutputRedirected ? null : new ProgressBar(label);

    public void Report(long done, long total)
    {
        // At most ten redraws a second, and always the last one.
        if (done < total && _sinceDraw.ElapsedMilliseconds < 100) return;
        _sinceDraw.Restart();
        int filled = total == 0 ? Width : (int)(Width * Math.Min(done, total) / total);
        Console.Out.Write($"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total}");
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn) Console.Out.Write("\n");
    }
}
