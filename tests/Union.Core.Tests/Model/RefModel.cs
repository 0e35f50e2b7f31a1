// The reference model: an obviously-correct in-memory POSIX tree (path -> node; hard links share a node). It knows
// nothing of layers; after the initial merge, the union must behave exactly like this ordinary filesystem.
// Folding (a case-insensitive union), names compare ignoring case and keep the spelling they were created with.
namespace Union.Core.Tests.Model;

using System.Text;

internal sealed class MNode
{
    private static int _nextId;
    public int Id { get; } = Interlocked.Increment(ref _nextId);
    public FileKind Kind { get; init; }
    public List<byte> Data { get; } = [];
    public string Target { get; init; } = "";
    public uint Mode { get; set; }
    public SortedDictionary<string, string> Xattrs { get; } = new(StringComparer.Ordinal);

    public static MNode File(byte[] data, uint mode)
    {
        var n = new MNode { Kind = FileKind.Regular, Mode = mode };
        n.Data.AddRange(data);
        return n;
    }

    public static MNode Dir(uint mode) => new() { Kind = FileKind.Directory, Mode = mode };
    public static MNode Symlink(string target) => new() { Kind = FileKind.Symlink, Target = target, Mode = 0x1FF };
}

/// <summary>What an operation is expected to return: an exact error (None for success) or just "some error".</summary>
internal readonly record struct Expect(FsError Error, bool AnyError)
{
    public static Expect Ok => new(FsError.None, false);
    public static Expect Fail(FsError e) => new(e, false);
    public static Expect SomeError => new(FsError.Io, true);
    public bool Accepts(FsError actual) => AnyError ? actual != FsError.None : actual == Error;
    public override string ToString() => AnyError ? "some error" : Error.ToString();
}

internal sealed class RefModel(bool foldCase = false)
{
    private readonly StringComparison _compare = foldCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>Absolute paths ("/a/b") to nodes, each key spelled as the tree spells it; the root "/" is implicit.</summary>
    public SortedDictionary<string, MNode> Paths { get; } = new(foldCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
    public MNode Root { get; } = MNode.Dir(0x1ED);

    public void Add(string path, MNode node) => Paths.Add(path, node);

    public MNode? Get(string path) => path == "/" ? Root : Paths.GetValueOrDefault(path);

    public static string Parent(string path)
    {
        int i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    public IEnumerable<string> Children(string dir)
    {
        string prefix = dir == "/" ? "/" : dir + "/";
        return Paths.Keys.Where(p => p.StartsWith(prefix, _compare) && p.IndexOf('/', prefix.Length) < 0).ToList();
    }

    private List<string> Subtree(string path) =>
        Paths.Keys.Where(p => string.Equals(p, path, _compare) || p.StartsWith(path + "/", _compare)).ToList();

    /// <summary>An existing path as the tree spells it (folding: "/A/b" may be "/a/B"); others as given.</summary>
    private string Spelled(string path)
    {
        if (!foldCase || path == "/") return path;
        var spelled = "";
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = spelled + "/" + part;
            spelled = Paths.Keys.FirstOrDefault(k => string.Equals(k, candidate, _compare)) ?? candidate;
        }
        return spelled;
    }

    /// <summary>Where a new entry lands: under its parent as spelled, with the name as the caller spelled it.</summary>
    private string Placed(string path)
    {
        string parent = Spelled(Parent(path));
        string name = path[(path.LastIndexOf('/') + 1)..];
        return parent == "/" ? "/" + name : parent + "/" + name;
    }

    public int LinkCount(MNode node) => Paths.Values.Count(n => n == node);

    /// <summary>Path walk of the directory that holds <paramref name="path"/>: ENOENT or ENOTDIR on the way.</summary>
    public FsError ResolveDir(string dir)
    {
        if (dir == "/") return FsError.None;
        var sb = new StringBuilder();
        foreach (var part in dir.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append('/').Append(part);
            var node = Get(sb.ToString());
            if (node is null) return FsError.NotFound;
            if (node.Kind != FileKind.Directory) return FsError.NotDirectory;
        }
        return FsError.None;
    }

    // Each operation: predict, and on success apply. Plain POSIX (Linux) semantics, final component never followed.

    public Expect Create(string path, MNode node)
    {
        var e = ResolveDir(Parent(path));
        if (e != FsError.None) return Expect.Fail(e);
        if (Get(path) is not null) return Expect.Fail(FsError.Exists);
        Paths[Placed(path)] = node;
        return Expect.Ok;
    }

    /// <summary>Open for write + pwrite (offset clamped to the size; -1 appends).</summary>
    public Expect Write(string path, int offset, byte[] data)
    {
        var e = CheckRegular(path);
        if (e is not null) return e.Value;
        var node = Get(path)!;
        int at = offset < 0 ? node.Data.Count : Math.Min(offset, node.Data.Count);
        for (int i = 0; i < data.Length; i++)
        {
            if (at + i < node.Data.Count) node.Data[at + i] = data[i];
            else node.Data.Add(data[i]);
        }
        return Expect.Ok;
    }

    public Expect Truncate(string path, int size)
    {
        var e = CheckRegular(path);
        if (e is not null) return e.Value;
        var node = Get(path)!;
        if (size < node.Data.Count) node.Data.RemoveRange(size, node.Data.Count - size);
        else node.Data.AddRange(new byte[size - node.Data.Count]);
        return Expect.Ok;
    }

    private Expect? CheckRegular(string path)
    {
        var e = ResolveDir(Parent(path));
        if (e != FsError.None) return Expect.Fail(e);
        var node = Get(path);
        if (node is null) return Expect.Fail(FsError.NotFound);
        if (node.Kind == FileKind.Directory) return Expect.Fail(FsError.IsDirectory);
        if (node.Kind != FileKind.Regular) return Expect.SomeError;  // the kernel follows symlinks before asking
        return null;
    }

    public Expect Remove(string path, bool directory)
    {
        var e = ResolveDir(Parent(path));
        if (e != FsError.None) return Expect.Fail(e);
        var node = Get(path);
        if (node is null) return Expect.Fail(FsError.NotFound);
        if (directory && node.Kind != FileKind.Directory) return Expect.Fail(FsError.NotDirectory);
        if (!directory && node.Kind == FileKind.Directory) return Expect.Fail(FsError.IsDirectory);
        if (directory && Children(path).Any()) return Expect.Fail(FsError.NotEmpty);
        Paths.Remove(path);
        return Expect.Ok;
    }

    public Expect Chmod(string path, uint mode)
    {
        var e = ResolveDir(Parent(path));
        if (e != FsError.None) return Expect.Fail(e);
        var node = Get(path);
        if (node is null) return Expect.Fail(FsError.NotFound);
        if (node.Kind == FileKind.Symlink) return Expect.SomeError;  // chmod follows symlinks; lchmod is EOPNOTSUPP
        node.Mode = mode;
        return Expect.Ok;
    }

    public Expect SetXattr(string path, string name, string value)
    {
        var e = ResolveDir(Parent(path));
        if (e != FsError.None) return Expect.Fail(e);
        var node = Get(path);
        if (node is null) return Expect.Fail(FsError.NotFound);
        if (node.Kind == FileKind.Symlink) return Expect.Fail(FsError.NotPermitted);  // user.* is not allowed on symlinks
        node.Xattrs[name] = value;
        return Expect.Ok;
    }

    public Expect Link(string from, string to)
    {
        var e = ResolveDir(Parent(from));
        if (e != FsError.None) return Expect.Fail(e);
        var node = Get(from);
        if (node is null) return Expect.Fail(FsError.NotFound);
        e = ResolveDir(Parent(to));
        if (e != FsError.None) return Expect.Fail(e);
        if (Get(to) is not null) return Expect.Fail(FsError.Exists);
        if (node.Kind == FileKind.Directory) return Expect.Fail(FsError.NotPermitted);
        Paths[Placed(to)] = node;
        return Expect.Ok;
    }

    /// <summary>renameat2 with the checks in the order Linux's do_renameat2 and vfs_rename make them.</summary>
    public Expect Rename(string from, string to, RenameFlags flags)
    {
        var e = ResolveDir(Parent(from));
        if (e != FsError.None) return Expect.Fail(e);
        e = ResolveDir(Parent(to));
        if (e != FsError.None) return Expect.Fail(e);
        var source = Get(from);
        if (source is null) return Expect.Fail(FsError.NotFound);
        var target = Get(to);
        bool exchange = flags == RenameFlags.Exchange;
        if (flags == RenameFlags.NoReplace && target is not null) return Expect.Fail(FsError.Exists);
        if (exchange && target is null) return Expect.Fail(FsError.NotFound);
        if (to.StartsWith(from + "/", _compare)) return Expect.Fail(FsError.InvalidArgument);
        if (from.StartsWith(to + "/", _compare))
            return Expect.Fail(exchange ? FsError.InvalidArgument : FsError.NotEmpty);
        // An exchange keeps the spellings that stand; a move takes the caller's.
        string fromKey = Spelled(from), toKey = exchange ? Spelled(to) : Placed(to);
        // Same inode (same name or hard links): nothing happens, but for a case-only rename of one entry (folding).
        if (source == target && (exchange || !string.Equals(from, to, _compare) || fromKey == toKey)) return Expect.Ok;
        if (!exchange && target is not null && source != target)
        {
            if (source.Kind == FileKind.Directory && target.Kind != FileKind.Directory) return Expect.Fail(FsError.NotDirectory);
            if (source.Kind != FileKind.Directory && target.Kind == FileKind.Directory) return Expect.Fail(FsError.IsDirectory);
            if (target.Kind == FileKind.Directory && Children(to).Any()) return Expect.Fail(FsError.NotEmpty);
        }
        var moving = Subtree(from).ToDictionary(p => p, p => Paths[p]);
        var displaced = Subtree(to).ToDictionary(p => p, p => Paths[p]);
        foreach (var p in moving.Keys) Paths.Remove(p);
        foreach (var p in displaced.Keys) Paths.Remove(p);
        foreach (var (p, n) in moving) Paths[toKey + p[fromKey.Length..]] = n;
        if (exchange)
            foreach (var (p, n) in displaced) Paths[fromKey + p[toKey.Length..]] = n;
        return Expect.Ok;
    }
}
