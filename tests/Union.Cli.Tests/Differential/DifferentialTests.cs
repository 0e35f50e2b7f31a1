// Seeded random operation sequences through kernel overlayfs and through union over identical layers: every
// result and the merged tree after every step must match. CI runs a few seeds; UNION_DIFF_SEEDS=N (and
// UNION_DIFF_STEPS, UNION_DIFF_SEED_BASE) explore more offline. A failure prints the seed and a shrunk sequence.
namespace Union.Cli.Tests.Differential;

[Collection("mounts")]
public class DifferentialTests
{
    private static int Env(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    /// <summary>Union reads the kernel-format lowers either way; it writes its upper in the format given.</summary>
    [SkippableTheory]
    [InlineData("overlay")]
    [InlineData("oci")]
    public void Random_sequences_match_kernel_overlayfs(string whiteout)
    {
        Sandbox.RequireFuse();
        int seeds = Env("UNION_DIFF_SEEDS", 2), steps = Env("UNION_DIFF_STEPS", 120), seedBase = Env("UNION_DIFF_SEED_BASE", 1);
        var failures = new List<string>();
        for (int seed = seedBase; seed < seedBase + seeds; seed++)
        {
            if (DifferentialRun.Run(seed, steps, whiteout: whiteout) is { } failure)
                failures.Add(DifferentialRun.Shrink(failure, TimeSpan.FromSeconds(Env("UNION_DIFF_SHRINK_SECONDS", 60))).ToString());
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {seeds} seeds differ from kernel overlayfs:\n" + string.Join('\n', failures));
    }
}
