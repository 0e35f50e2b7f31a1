// Property-based test of the merge engine against the reference model: random layers and random operation
// sequences, checked after every step (result, whole merged tree, inode identity, work dir), then after a remount;
// the lower layers must come out untouched. A failure is shrunk by delta debugging and printed with its seed.
// Replay one seed:  UNION_MODEL_SEED=123 dotnet test tests/Union.Core.Tests --filter UnionModelTests
// Scale:            UNION_MODEL_SEEDS=40 UNION_MODEL_STEPS=150 UNION_MODEL_SEED_BASE=1
//                   (UNION_MODEL_SHRINK=4: how many failures to shrink)
namespace Union.Core.Tests.Model;

using System.Diagnostics;
using System.Text;
using Union.Core.Host.Linux;
using Xunit.Abstractions;

public class UnionModelTests(ITestOutputHelper output)
{
    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out int v) ? v : fallback;

    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Random_operations_behave_like_an_ordinary_filesystem(WhiteoutFormat format) => Run(format, caseInsensitive: false);

    /// <summary>The same against a folding reference model: layers and operations spell names in random case.</summary>
    [SkippableTheory]
    [InlineData(WhiteoutFormat.Oci)]
    [InlineData(WhiteoutFormat.Overlay)]
    public void Random_operations_behave_like_a_case_insensitive_filesystem(WhiteoutFormat format) => Run(format, caseInsensitive: true);

    /// <summary>
    /// The same on the portable (System.IO) host, OCI markers only. Its layers hold no device whiteouts or xattrs and
    /// its runs no hard links or setxattr, which that host does not have (LayerSpec, OpGenerator).
    /// </summary>
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void Random_operations_on_the_portable_host(bool caseInsensitive) =>
        Run(WhiteoutFormat.Oci, caseInsensitive, HostKind.Portable);

    private void Run(WhiteoutFormat format, bool caseInsensitive, HostKind host = HostKind.Linux)
    {
        Skip.IfNot(OperatingSystem.IsLinux() && Environment.UserName == "root", "needs root on Linux (mknod c 0 0)");
        int steps = EnvInt("UNION_MODEL_STEPS", 150);
        var single = Environment.GetEnvironmentVariable("UNION_MODEL_SEED");
        var seeds = single is not null
            ? [int.Parse(single, System.Globalization.CultureInfo.InvariantCulture)]
            : Enumerable.Range(EnvInt("UNION_MODEL_SEED_BASE", 1), EnvInt("UNION_MODEL_SEEDS", 40))
                .Select(i => i * 7919 + (int)format + (caseInsensitive ? 100_003 : 0) + (host == HostKind.Portable ? 200_017 : 0)).ToArray();

        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        int totalSteps = 0;
        foreach (int seed in seeds)
        {
            var (spec, ops) = Generate(seed, steps, caseInsensitive, host);
            var failure = ModelRun.Execute(seed, format, spec, ops);
            totalSteps += failure?.Step + 1 ?? ops.Count;
            if (failure is null) continue;
            if (failures.Count < EnvInt("UNION_MODEL_SHRINK", 4)) failures.Add(ModelRun.Shrink(seed, format, spec, ops, failure));
            else failures.Add($"seed {seed}: {failure.Kind} at step {failure.Step} (not shrunk): {failure.Message.Split('\n')[0]}");
        }
        string variant = format + (caseInsensitive ? ", case-insensitive" : "") + (host == HostKind.Portable ? ", portable host" : "");
        output.WriteLine($"{variant}: {seeds.Length} seeds, {totalSteps} steps, {clock.Elapsed.TotalSeconds:F1}s");
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {seeds.Length} seeds failed ({variant}); replay with UNION_MODEL_SEED=<seed>\n\n" +
            string.Join("\n\n", failures));
    }

    internal static (LayerSpec Spec, List<Op> Ops) Generate(int seed, int steps, bool caseInsensitive = false,
        HostKind host = HostKind.Linux)
    {
        var random = new Random(seed);
        var spec = LayerSpec.Generate(random, caseInsensitive, host);
        return (spec, OpGenerator.Generate(random, spec.Merge(), steps, caseInsensitive, host));
    }
}

internal sealed record Failure(int Step, string Kind, string Message);

internal static class ModelRun
{
    private static readonly LinuxHost Host = new();

    /// <summary>Runs the operations on fresh layers and a fresh model; the first discrepancy, or null.</summary>
    public static Failure? Execute(int seed, WhiteoutFormat format, LayerSpec spec, List<Op> ops)
    {
        using var layers = new LayerFixture(spec.Layers.Count, spec.Host);
        for (int i = 0; i < spec.Layers.Count; i++) spec.Write(Host, i, layers.Lower(i));
        var lowerBefore = Enumerable.Range(0, spec.Layers.Count).Select(i => LayerDump.Of(Host, layers.Lower(i))).ToList();
        var model = spec.Merge();
        var inodes = new Dictionary<MNode, ulong>();
        bool keepReferences = (seed & 1) == 0;
        EngineDriver? engine = null;
        try
        {
            engine = new EngineDriver(layers, format, keepReferences, spec.FoldCase);
            var failure = Compare(engine, model, inodes, layers, -1, "initial merge");
            if (failure is not null) return failure;
            for (int step = 0; step < ops.Count; step++)
            {
                var op = ops[step];
                bool portable = spec.Host == HostKind.Portable;
                var expected = op.OnModel(model);
                FsError actual;
                try { actual = op.OnEngine(engine); }
                catch (Exception e) { return new Failure(step, "exception:" + op.GetType().Name, $"{op} threw {e}"); }
                // Without xattrs a copied-up entry keeps its number for the life of one mount only.
                if (portable && op is RemountOp) inodes.Clear();
                if (!expected.Accepts(actual))
                    return new Failure(step, "result:" + op.GetType().Name, $"{op}: expected {expected}, engine returned {actual}");
                failure = Compare(engine, model, inodes, layers, step, op.ToString()!);
                if (failure is not null) return failure;
            }
            engine.Remount();
            if (spec.Host == HostKind.Portable) inodes.Clear();  // as for RemountOp above
            failure = Compare(engine, model, inodes, layers, ops.Count, "remount at the end");
            if (failure is not null) return failure with { Kind = "remount:" + failure.Kind };
            engine.Dispose();
            engine = null;
            for (int i = 0; i < spec.Layers.Count; i++)
            {
                var after = LayerDump.Of(Host, layers.Lower(i));
                if (after != lowerBefore[i])
                    return new Failure(ops.Count, "lower-changed", $"lower{i} changed:\n{LayerDump.Diff(lowerBefore[i], after)}");
            }
            return null;
        }
        catch (Exception e)
        {
            return new Failure(ops.Count, "exception", e.ToString());
        }
        finally
        {
            engine?.Dispose();
        }
    }

    private static Failure? Compare(EngineDriver engine, RefModel model, Dictionary<MNode, ulong> inodes, LayerFixture layers,
        int step, string after)
    {
        var problems = new List<string>();
        List<EngineDriver.Seen> seen;
        try { seen = engine.Walk(problems); }
        catch (Exception e) { return new Failure(step, "exception:walk", $"walking the view after {after} threw {e}"); }
        if (problems.Count > 0) return new Failure(step, "view", $"after {after}:\n  " + string.Join("\n  ", problems.Take(8)));

        var expected = model.Paths.Select(p => Describe(p.Key, p.Value.Kind, p.Value.Kind == FileKind.Regular
            ? Encoding.UTF8.GetString(p.Value.Data.ToArray()) : p.Value.Target, p.Value.Mode, XattrText(p.Value),
            p.Value.Kind == FileKind.Regular ? (uint)model.LinkCount(p.Value) : 0)).ToList();
        var actual = seen.Select(s => Describe(s.Path, s.Kind, s.Content, s.Mode, s.Xattrs,
            s.Kind == FileKind.Regular ? s.Links : 0)).ToList();
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        if (missing.Count > 0 || extra.Count > 0)
            return new Failure(step, "tree", $"after {after}: merged tree differs from the model\n" +
                string.Join("\n", missing.Take(8).Select(l => "  model : " + l)) + "\n" +
                string.Join("\n", extra.Take(8).Select(l => "  engine: " + l)));

        // Inode identity: hard links share a number, distinct entries do not, and a number never changes.
        var byPath = seen.ToDictionary(s => s.Path, s => s.Inode);
        var owner = new Dictionary<ulong, (MNode Node, string Path)>();
        foreach (var (path, node) in model.Paths)
        {
            ulong ino = byPath[path];
            if (owner.TryGetValue(ino, out var other) && other.Node != node)
                return new Failure(step, "inode-shared", $"after {after}: {other.Path} and {path} are different files but share st_ino {ino}");
            owner[ino] = (node, path);
            if (inodes.TryGetValue(node, out var before) && before != ino )
                return new Failure(step, "inode-changed", $"after {after}: st_ino of {path} changed from {before} to {ino}");
            inodes[node] = ino;
        }

        var work = Path.Combine(layers.Work, "union-work");
        if (Directory.EnumerateFileSystemEntries(work).Any())
            return new Failure(step, "work-not-empty", $"after {after}: {work} holds " +
                string.Join(", ", Directory.EnumerateFileSystemEntries(work).Select(Path.GetFileName)));
        return null;
    }

    private static string XattrText(MNode node) =>
        node.Kind == FileKind.Symlink ? "" : string.Concat(node.Xattrs.Select(x => $"{x.Key}={x.Value};"));

    private static string Describe(string path, FileKind kind, string content, uint mode, string xattrs, uint links) => kind switch
    {
        FileKind.Regular => $"{path} file '{content}' mode {Convert.ToString(mode, 8)} links {links} xattrs [{xattrs}]",
        FileKind.Directory => $"{path} dir mode {Convert.ToString(mode, 8)} xattrs [{xattrs}]",
        FileKind.Symlink => $"{path} symlink -> {content}",
        _ => $"{path} {kind}",
    };

    /// <summary>Delta debugging: drop chunks of operations, then single ones, while a failure of the same kind persists.</summary>
    public static string Shrink(int seed, WhiteoutFormat format, LayerSpec spec, List<Op> ops, Failure failure)
    {
        var clock = Stopwatch.StartNew();
        var current = ops.Take(Math.Min(ops.Count, failure.Step + 1)).ToList();
        var last = failure;
        int replays = 0;
        bool Fails(List<Op> candidate, out Failure? f)
        {
            replays++;
            f = Execute(seed, format, spec, candidate);
            return f is not null && f.Kind == failure.Kind;
        }
        for (int chunk = Math.Max(1, current.Count / 2); chunk >= 1 && clock.Elapsed < TimeSpan.FromSeconds(20); chunk /= 2)
        {
            for (int i = 0; i < current.Count && clock.Elapsed < TimeSpan.FromSeconds(20);)
            {
                var candidate = current.Take(i).Concat(current.Skip(i + chunk)).ToList();
                if (Fails(candidate, out var f))
                {
                    current = candidate.Take(Math.Min(candidate.Count, f!.Step + 1)).ToList();
                    last = f;
                }
                else i += chunk;
            }
        }
        var sb = new StringBuilder();
        sb.AppendLine($"seed {seed} ({format}{(spec.FoldCase ? ", case-insensitive" : "")}, {spec.Host} host) failed: {failure.Kind} at step {failure.Step} of {ops.Count}; " +
                      $"shrunk to {current.Count} operations in {replays} replays:");
        sb.Append(spec);
        sb.AppendLine("  operations:");
        foreach (var op in current) sb.Append("    ").AppendLine(op.ToString());
        sb.Append("  => ").Append(last.Message);
        return sb.ToString();
    }
}

/// <summary>A canonical text of a layer directory: every entry's type, mode, times, inode, data and xattrs.</summary>
internal static class LayerDump
{
    public static string Of(LinuxHost host, string root)
    {
        var sb = new StringBuilder();
        if (host.OpenRoot(root, out var dir) != FsError.None) return "<cannot open>";
        using (dir) Dump(host, dir!, "", sb);
        return sb.ToString();
    }

    private static void Dump(LinuxHost host, Host.HostDirectory dir, string path, StringBuilder sb)
    {
        host.Stat(dir, null, out var self);
        sb.Append(path).Append("/ ").Append(Attributes(self)).Append(Xattrs(host, dir, null)).AppendLine();
        var entries = new List<Host.HostEntry>();
        host.ReadDirectory(dir, entries);
        foreach (var entry in entries.OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            string child = path + "/" + entry.Name;
            host.Stat(dir, entry.Name, out var a);
            if (a.Kind == FileKind.Directory)
            {
                if (host.OpenDirectory(dir, entry.Name, out var sub) != FsError.None) { sb.AppendLine(child + " <cannot open>"); continue; }
                using (sub) Dump(host, sub!, child, sb);
                continue;
            }
            sb.Append(child).Append(' ').Append(Attributes(a)).Append(Xattrs(host, dir, entry.Name));
            if (a.Kind == FileKind.Symlink && host.ReadLink(dir, entry.Name, out var target) == FsError.None) sb.Append(" -> ").Append(target);
            if (a.Kind == FileKind.Regular && host.Open(dir, entry.Name, OpenMode.ReadOnly, 0, out var file) == FsError.None)
            {
                using (file)
                {
                    var buffer = new byte[a.Size + 1];
                    host.Read(file!, buffer, 0, out int n);
                    sb.Append(" data ").Append(Convert.ToHexString(buffer, 0, n));
                }
            }
            sb.AppendLine();
        }
    }

    private static string Attributes(in EntryAttributes a) =>
        $"mode {Convert.ToString(a.Mode, 8)} ino {a.Inode} links {a.LinkCount} uid {a.Uid} gid {a.Gid} rdev {a.Rdev} size {a.Size} " +
        $"mtime {a.ModifyTime.Seconds}.{a.ModifyTime.Nanoseconds} ctime {a.ChangeTime.Seconds}.{a.ChangeTime.Nanoseconds}";

    private static string Xattrs(LinuxHost host, Host.HostDirectory dir, string? name)
    {
        var names = new List<string>();
        if (host.ListXattr(dir, name, names) != FsError.None) return "";
        var sb = new StringBuilder();
        var value = new byte[4096];
        foreach (var x in names.Order(StringComparer.Ordinal))
            if (host.GetXattr(dir, name, x, value, out int n) == FsError.None)
                sb.Append(' ').Append(x).Append('=').Append(Convert.ToHexString(value, 0, n));
        return sb.ToString();
    }

    public static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return string.Join("\n", a.Except(b).Take(5).Select(l => "  before: " + l).Concat(b.Except(a).Take(5).Select(l => "  after : " + l)));
    }
}
