// The operations of the model test: each one predicts its result on the reference model (applying itself there
// on success) and performs itself on the engine through the node-id API, as the FUSE adapter would.
namespace Union.Core.Tests.Model;

using System.Text;

internal abstract record Op
{
    public abstract Expect OnModel(RefModel model);
    public abstract FsError OnEngine(EngineDriver engine);
}

internal sealed record CreateOp(string Path, string Content, uint Mode) : Op
{
    public override Expect OnModel(RefModel m) => m.Create(Path, MNode.File(Encoding.UTF8.GetBytes(Content), Mode));
    public override FsError OnEngine(EngineDriver d) => d.Create(Path, Content, Mode);
    public override string ToString() => $"create {Path} '{Content}' {Convert.ToString(Mode, 8)}";
}

internal sealed record WriteOp(string Path, int Offset, string Content) : Op
{
    public override Expect OnModel(RefModel m) => m.Write(Path, Offset, Encoding.UTF8.GetBytes(Content));
    public override FsError OnEngine(EngineDriver d) => d.Write(Path, Offset, Content);
    public override string ToString() => Offset < 0 ? $"append {Path} '{Content}'" : $"write {Path} @{Offset} '{Content}'";
}

internal sealed record TruncateOp(string Path, int Size, bool ViaOpen) : Op
{
    public override Expect OnModel(RefModel m) => m.Truncate(Path, Size);
    public override FsError OnEngine(EngineDriver d) => d.Truncate(Path, Size, ViaOpen);
    public override string ToString() => ViaOpen ? $"open {Path} O_TRUNC" : $"truncate {Path} {Size}";
}

internal sealed record MkdirOp(string Path, uint Mode) : Op
{
    public override Expect OnModel(RefModel m) => m.Create(Path, MNode.Dir(Mode));
    public override FsError OnEngine(EngineDriver d) => d.Mkdir(Path, Mode);
    public override string ToString() => $"mkdir {Path} {Convert.ToString(Mode, 8)}";
}

internal sealed record RemoveOp(string Path, bool Directory) : Op
{
    public override Expect OnModel(RefModel m) => m.Remove(Path, Directory);
    public override FsError OnEngine(EngineDriver d) => d.Remove(Path, Directory);
    public override string ToString() => (Directory ? "rmdir " : "unlink ") + Path;
}

internal sealed record RenameOp(string From, string To, RenameFlags Flags) : Op
{
    public override Expect OnModel(RefModel m) => m.Rename(From, To, Flags);
    public override FsError OnEngine(EngineDriver d) => d.Rename(From, To, Flags);
    public override string ToString() => $"rename {From} {To}{(Flags == RenameFlags.None ? "" : " " + Flags)}";
}

internal sealed record SymlinkOp(string Path, string Target) : Op
{
    public override Expect OnModel(RefModel m) => m.Create(Path, MNode.Symlink(Target));
    public override FsError OnEngine(EngineDriver d) => d.Symlink(Path, Target);
    public override string ToString() => $"symlink {Path} -> {Target}";
}

internal sealed record LinkOp(string From, string To) : Op
{
    public override Expect OnModel(RefModel m) => m.Link(From, To);
    public override FsError OnEngine(EngineDriver d) => d.Link(From, To);
    public override string ToString() => $"link {From} {To}";
}

internal sealed record ChmodOp(string Path, uint Mode) : Op
{
    public override Expect OnModel(RefModel m) => m.Chmod(Path, Mode);
    public override FsError OnEngine(EngineDriver d) => d.Chmod(Path, Mode);
    public override string ToString() => $"chmod {Path} {Convert.ToString(Mode, 8)}";
}

internal sealed record SetXattrOp(string Path, string Name, string Value) : Op
{
    public override Expect OnModel(RefModel m) => m.SetXattr(Path, Name, Value);
    public override FsError OnEngine(EngineDriver d) => d.SetXattr(Path, Name, Value);
    public override string ToString() => $"setxattr {Path} {Name}={Value}";
}

/// <summary>Unmount and mount again mid-run: the state on disk alone must give the same view.</summary>
internal sealed record RemountOp : Op
{
    public override Expect OnModel(RefModel m) => Expect.Ok;
    public override FsError OnEngine(EngineDriver d) { d.Remount(); return FsError.None; }
    public override string ToString() => "remount";
}

/// <summary>Draws random operations, biased towards names that exist so that collisions happen often.</summary>
internal static class OpGenerator
{
    private static readonly string[] Pool = [.. LayerSpec.Names, "e"];
    private static readonly uint[] ChmodModes = [0x1ED, 0x1C0, 0x1A4, 0x180, 0x124 /*444*/, 0x1FD /*775*/];

    public static List<Op> Generate(Random random, RefModel scratch, int count, bool foldCase = false,
        HostKind host = HostKind.Linux)
    {
        var ops = new List<Op>();
        for (int i = 0; i < count; i++)
        {
            var op = Next(random, scratch);
            // System.IO has no hard links and no xattrs: the portable host's runs leave those operations out.
            while (host == HostKind.Portable && op is LinkOp or SetXattrOp) op = Next(random, scratch);
            if (foldCase) op = Recase(random, op);
            op.OnModel(scratch);
            ops.Add(op);
        }
        return ops;
    }

    private static Op Next(Random r, RefModel m)
    {
        int roll = r.Next(100);
        return roll switch
        {
            < 11 => new CreateOp(PickPath(r, m, 0.3), Word(r), LayerSpec.FileModes[r.Next(LayerSpec.FileModes.Length)]),
            < 22 => new WriteOp(PickPath(r, m, 0.85), r.Next(3) == 0 ? -1 : r.Next(0, 12), Word(r)),
            < 27 => r.Next(2) == 0 ? new TruncateOp(PickPath(r, m, 0.85), 0, true) : new TruncateOp(PickPath(r, m, 0.85), r.Next(0, 10), false),
            < 36 => new MkdirOp(PickPath(r, m, 0.3), LayerSpec.DirModes[r.Next(LayerSpec.DirModes.Length)]),
            < 44 => new RemoveOp(PickPath(r, m, 0.85), true),
            < 53 => new RemoveOp(PickPath(r, m, 0.85), false),
            < 72 => new RenameOp(PickPath(r, m, 0.9), PickPath(r, m, 0.5),
                r.Next(10) switch { < 6 => RenameFlags.None, < 8 => RenameFlags.NoReplace, _ => RenameFlags.Exchange }),
            < 77 => new SymlinkOp(PickPath(r, m, 0.3), LayerSpec.SymlinkTargets[r.Next(LayerSpec.SymlinkTargets.Length)]),
            < 84 => new LinkOp(PickPath(r, m, 0.9), PickPath(r, m, 0.3)),
            < 90 => new ChmodOp(PickPath(r, m, 0.9), ChmodModes[r.Next(ChmodModes.Length)]),
            < 98 => new SetXattrOp(PickPath(r, m, 0.9), r.Next(2) == 0 ? "user.x" : "user.y", $"s{r.Next(100)}"),
            _ => new RemountOp(),
        };
    }

    /// <summary>Case-insensitive runs: every path of the operation in random case, so variants meet all the time.</summary>
    private static Op Recase(Random r, Op op)
    {
        string Vary(string path) => string.Concat(path.Select(c => r.Next(3) == 0 ? char.ToUpperInvariant(c) : c));
        return op switch
        {
            CreateOp o => o with { Path = Vary(o.Path) },
            WriteOp o => o with { Path = Vary(o.Path) },
            TruncateOp o => o with { Path = Vary(o.Path) },
            MkdirOp o => o with { Path = Vary(o.Path) },
            RemoveOp o => o with { Path = Vary(o.Path) },
            RenameOp o => o with { From = Vary(o.From), To = Vary(o.To) },
            SymlinkOp o => o with { Path = Vary(o.Path) },
            LinkOp o => o with { From = Vary(o.From), To = Vary(o.To) },
            ChmodOp o => o with { Path = Vary(o.Path) },
            SetXattrOp o => o with { Path = Vary(o.Path) },
            _ => op,
        };
    }

    /// <summary>An existing path with probability <paramref name="existing"/>, else a random one (maybe under an existing directory).</summary>
    private static string PickPath(Random r, RefModel m, double existing)
    {
        var paths = m.Paths.Keys.ToList();
        if (paths.Count > 0 && r.NextDouble() < existing) return paths[r.Next(paths.Count)];
        var dirs = m.Paths.Where(p => p.Value.Kind == FileKind.Directory).Select(p => p.Key).Prepend("").ToList();
        string parent = r.Next(3) == 0 ? "/" + Pool[r.Next(Pool.Length)] : dirs[r.Next(dirs.Count)];
        return (parent == "/" ? "" : parent) + "/" + Pool[r.Next(Pool.Length)];
    }

    private static string Word(Random r)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        var chars = new char[r.Next(1, 9)];
        for (int i = 0; i < chars.Length; i++) chars[i] = letters[r.Next(letters.Length)];
        return new string(chars);
    }
}
