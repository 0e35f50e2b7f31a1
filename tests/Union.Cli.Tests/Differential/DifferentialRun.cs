// One differential run: identical kernel-format layers under kernel overlayfs and under a union mount, the same
// operations applied to both, every result and the whole merged tree compared after each step.
namespace Union.Cli.Tests.Differential;

using System.Text;

internal static class DifferentialRun
{
    /// <summary>
    /// Two lowers in kernel format: the upper-most one overrides files, whites out a file and a directory entry
    /// (0/0 character devices), hides a whole lower directory (trusted.overlay.opaque) and merges others.
    /// </summary>
    private const string BuildLayers = """
        set -e
        mkdir -p lower1/d1/s lower1/o lower1/m lower1/e lower0/d1 lower0/o lower0/m
        echo a1 > lower1/a; echo b1 > lower1/b; echo gone > lower1/gone; echo x > lower1/d1/x; echo y > lower1/d1/y
        echo deep > lower1/d1/s/deep; echo below > lower1/o/below; echo m1 > lower1/m/m1; chmod 750 lower1/m
        echo a0 > lower0/a; echo c0 > lower0/c; chmod 600 lower0/c; echo z > lower0/d1/z; echo m0 > lower0/m/m0
        echo top > lower0/o/top; setfattr -n trusted.overlay.opaque -v y lower0/o
        mknod lower0/gone c 0 0; mknod lower0/d1/y c 0 0; ln -s a lower0/ln
        echo f > lower0/f; setfattr -n user.k0 -v v lower0/f; setfattr -n user.k1 -v w lower0/d1
        chown -R 65534:65534 lower1/d1 lower0/d1 lower0/f; chmod 1777 lower1/e
        """;

    /// <summary>
    /// Runs <paramref name="ops"/> (or generates <paramref name="steps"/> from the seed), as root or as
    /// <paramref name="uid"/>; null when both agree. <paramref name="results"/> sees each step's (agreed) outcome.
    /// </summary>
    public static Failure? Run(int seed, int steps, IReadOnlyList<Operation>? ops = null, string whiteout = "overlay", uint? uid = null,
        Action<string>? results = null)
    {
        using var s = new Sandbox();
        if (uid is not null) Sandbox.Run("chmod", "755", s.Root);   // the sandbox is private; the mounts inside it must not be
        // redirect_dir=on: the kernel renames lower directories too, as union always does (without it: EXDEV).
        var twin = new TwinMounts(s, BuildLayers, ["lower0", "lower1"], kernelOptions: ",redirect_dir=on", unionOptions: ",whiteout=" + whiteout);
        string kernel = twin.Kernel, union = twin.Union;

        var generator = new OperationGenerator(seed);
        var done = new List<Operation>();
        var before = Compare(seed, whiteout, uid, kernel, union, done, "initial tree", out var failure);
        if (failure is not null) return failure;
        int count = ops?.Count ?? steps;
        for (int i = 0; i < count; i++)
        {
            var op = ops?[i] ?? generator.Next(before.Kernel.Entries);
            done.Add(op);
            string kernelResult = OperationRunner.ApplyAs(uid, kernel, op);
            string unionResult = OperationRunner.ApplyAs(uid, union, op);
            if (kernelResult != unionResult)
                return new Failure(seed, whiteout, uid, done, $"result differs: kernel [{kernelResult}] union [{unionResult}]");
            results?.Invoke(kernelResult);
            var after = Compare(seed, whiteout, uid, kernel, union, done, "after " + op, out failure);
            if (failure is not null) return failure;
            if (ChangedInOneOnly(before, after, s => s.Inodes) is { Count: > 0 } moved)
                return new Failure(seed, whiteout, uid, done, "inode number changed in one mount only: " + string.Join(", ", moved));
            // Only for the same file before and after: a rename can put another file, with its own mtime, at a path.
            if (ChangedInOneOnly(before, after, s => s.ModifyTimes, sameFileOnly: true) is { Count: > 0 } touched)
                return new Failure(seed, whiteout, uid, done, "mtime changed in one mount only: " + string.Join(", ", touched));
            before = after;
        }
        s.Unmount(union);
        s.Unmount(kernel);
        return null;
    }

    private static (TreeSnapshot Kernel, TreeSnapshot Union) Compare(int seed, string whiteout, uint? uid, string kernel, string union,
        List<Operation> done, string when, out Failure? failure)
    {
        var k = TreeSnapshot.Take(kernel);
        var u = TreeSnapshot.Take(union);
        var diffs = k.Differences(u, "kernel", "union");
        failure = diffs.Count == 0 ? null : new Failure(seed, whiteout, uid, [.. done], $"trees differ {when}:\n  " + string.Join("\n  ", diffs));
        return (k, u);
    }

    /// <summary>Paths present before and after a step whose value (inode number, mtime) changed in one mount and not the other.</summary>
    private static List<string> ChangedInOneOnly<T>((TreeSnapshot Kernel, TreeSnapshot Union) before,
        (TreeSnapshot Kernel, TreeSnapshot Union) after, Func<TreeSnapshot, Dictionary<string, T>> value, bool sameFileOnly = false)
    {
        static HashSet<string> Changed<TValue>(Dictionary<string, TValue> was, Dictionary<string, TValue> now) =>
            [.. was.Where(kv => now.TryGetValue(kv.Key, out var v) && !EqualityComparer<TValue>.Default.Equals(v, kv.Value)).Select(kv => kv.Key)];
        var kernel = Changed(value(before.Kernel), value(after.Kernel));
        var union = Changed(value(before.Union), value(after.Union));
        if (sameFileOnly)
        {
            var otherFile = Changed(before.Kernel.Inodes, after.Kernel.Inodes);
            otherFile.UnionWith(Changed(before.Union.Inodes, after.Union.Inodes));
            kernel.ExceptWith(otherFile);
            union.ExceptWith(otherFile);
        }
        return [.. kernel.Except(union).Select(p => p + " (kernel)"), .. union.Except(kernel).Select(p => p + " (union)")];
    }

    /// <summary>Drops operations one at a time while the sequence still fails (any mismatch), within a time budget.</summary>
    public static Failure Shrink(Failure failure, TimeSpan budget)
    {
        var deadline = DateTime.UtcNow + budget;
        var ops = failure.Operations.ToList();
        var best = failure;
        for (int i = ops.Count - 2; i >= 0 && DateTime.UtcNow < deadline; i--)
        {
            var candidate = ops.Where((_, j) => j != i).ToList();
            if (Run(failure.Seed, 0, candidate, failure.Whiteout, failure.Uid) is { } smaller)
            {
                ops = smaller.Operations.ToList();
                best = smaller;
                i = Math.Min(i, ops.Count - 1);
            }
        }
        return best;
    }

    internal sealed record Failure(int Seed, string Whiteout, uint? Uid, IReadOnlyList<Operation> Operations, string Mismatch)
    {
        public override string ToString()
        {
            string who = Uid is { } id ? $", as uid {id}" : "";
            var text = new StringBuilder($"seed {Seed} (union whiteout={Whiteout}{who}): {Mismatch}\noperations ({Operations.Count}):\n");
            foreach (var op in Operations) text.Append("  ").Append(op).Append('\n');
            return text.ToString();
        }
    }
}
