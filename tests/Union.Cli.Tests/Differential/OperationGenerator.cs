// Seeded random operations over the names a tree has now, plus a small pool of names that the lowers use (so
// creates land on whiteouts, opaque dirs and lower names as often as on fresh ones).
namespace Union.Cli.Tests.Differential;

internal sealed class OperationGenerator(int seed)
{
    private static readonly string[] Pool = ["a", "b", "c", "d1", "o", "m", "e", "gone", "ln", "f", "x", "y", "z", "s", "n1", "n2"];
    private static readonly uint[] Modes = [0x1A4, 0x180, 0x1ED, 0x124, 0x1C0, 0x9ED, 0x5A4];
    private static readonly OpKind[] Kinds = Enum.GetValues<OpKind>();
    private readonly Random _random = new(seed);

    /// <summary>The next operation; <paramref name="entries"/> are the tree's current paths ("" is the root), dirs marked.</summary>
    public Operation Next(IReadOnlyList<(string Path, bool IsDirectory)> entries)
    {
        var dirs = entries.Where(e => e.IsDirectory).Select(e => e.Path).Append("").ToArray();
        var kind = Kinds[_random.Next(Kinds.Length)];
        string Existing() => entries.Count == 0 ? Fresh() : entries[_random.Next(entries.Count)].Path;
        string Fresh() => Join(dirs[_random.Next(dirs.Length)], Pool[_random.Next(Pool.Length)]);
        // Mostly existing names, sometimes a name that may not exist: errors must match too.
        string Any() => _random.Next(4) == 0 ? Fresh() : Existing();
        uint mode = Modes[_random.Next(Modes.Length)];
        return kind switch
        {
            OpKind.Create => new(kind, Fresh(), Number: mode),
            OpKind.Mkdir => new(kind, Fresh(), Number: mode | 0x1C0),
            OpKind.Write => new(kind, Any(), Number: _random.Next(0, 9000), Length: _random.Next(1, 5000), Fill: (byte)_random.Next(256)),
            OpKind.Append => new(kind, Any(), Length: _random.Next(1, 3000), Fill: (byte)_random.Next(256)),
            OpKind.Truncate => new(kind, Any(), Number: _random.Next(3) == 0 ? 0 : _random.Next(0, 12000)),
            OpKind.Rename => new(kind, Any(), _random.Next(3) == 0 ? Existing() : Fresh(), Number: _random.Next(3)),
            OpKind.Symlink => new(kind, Fresh(), Pool[_random.Next(Pool.Length)] + (_random.Next(3) == 0 ? "/x" : "")),
            OpKind.Link => new(kind, Any(), Fresh()),
            OpKind.Chmod => new(kind, Any(), Number: mode),
            OpKind.Utimens => new(kind, Any(), Number: 1_000_000_000 + _random.Next(100_000_000)),
            OpKind.SetXattr => new(kind, Any(), "user.k" + _random.Next(3), Fill: (byte)_random.Next(26)),
            _ => new(kind, Any()),
        };
    }

    private static string Join(string dir, string name) => dir.Length == 0 ? name : dir + "/" + name;
}
