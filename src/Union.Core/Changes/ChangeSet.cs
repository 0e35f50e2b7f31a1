// The change set of an upper layer against its lowers: the public face of the change-set reader.
namespace Union.Core.Changes;

using System.Text;

/// <summary>Every path an upper layer changes in the view of its lowers, sorted by path (ordinal).</summary>
public sealed class ChangeSet
{
    internal ChangeSet(List<Change> changes)
    {
        changes.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        Changes = changes;
    }

    public IReadOnlyList<Change> Changes { get; }

    public bool IsEmpty => Changes.Count == 0;

    /// <summary>
    /// Reads what <paramref name="upper"/> changes over <paramref name="lowers"/> (topmost first; may be empty, then
    /// everything is added and whiteouts are deletions of unknown type). Reads only; never follows a symlink.
    /// Throws <see cref="FsException"/> with a one-line reason when a layer cannot be read.
    /// </summary>
    public static ChangeSet Read(string upper, IReadOnlyList<string> lowers)
    {
        using var reader = new ChangeSetReader(upper, lowers);
        return new ChangeSet(reader.Read());
    }

    /// <summary>The stable text form: one line per change (see <see cref="Change.ToString"/>), '\n'-terminated.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var change in Changes) text.Append(change).Append('\n');
        return text.ToString();
    }
}
