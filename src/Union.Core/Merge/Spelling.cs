// Case-insensitive unions: how a name the caller gives maps to the spelling a layer directory holds. Case-sensitive
// unions use the name as given, so they make exactly the host calls they always made.
namespace Union.Core;

using Union.Core.Host;

public sealed partial class UnionFileSystem
{
    /// <summary>
    /// The spelling of <paramref name="name"/> in <paramref name="dir"/>: the name itself when case-sensitive (it may
    /// not exist); folding, the variant that stands there (ordinal-first of several) or null when none does.
    /// </summary>
    private string? Spell(HostDirectory dir, string name)
    {
        if (!Options.CaseInsensitive) return name;
        var index = FoldedNames.Of(_host, dir);
        return index is null ? name : index.Find(name);
    }

    /// <summary>lstat of the entry that stands for <paramref name="name"/>; NotFound when no variant does.</summary>
    private FsError StatSpelled(HostDirectory dir, string name, out string? spelled, out EntryAttributes attributes)
    {
        spelled = Spell(dir, name);
        if (spelled is not null) return _host.Stat(dir, spelled, out attributes);
        attributes = default;
        return FsError.NotFound;
    }

    /// <summary>Whether <paramref name="name"/> may not be created (the whiteout formats reserve it).</summary>
    private bool IsReservedForCreate(string name) => _markers.IsReservedForCreate(name);
}
