// READDIR offsets are name hashes: a listing taken again after changes resumes after the same name.
using Union.Core;

namespace Union.Linux.Tests.Adapter;

public class DirectoryCursorTests
{
    private static DirectoryCursor Cursor(IEnumerable<string> names) =>
        new(new DirectoryListing(7, names.Select(n => new DirectoryEntry(n, FileKind.Regular, 1)).ToList()));

    private static IEnumerable<string> After(DirectoryCursor cursor, ulong offset)
    {
        for (int i = cursor.IndexAfter(offset); i < cursor.Count; i++) yield return cursor[i].Name;
    }

    [Fact]
    public void Offsets_increase_strictly_above_the_dot_entries_and_start_covers_everything()
    {
        var names = Enumerable.Range(0, 5000).Select(i => $"file{i}").ToList();
        var cursor = Cursor(names);
        Assert.Equal(0, cursor.IndexAfter(0));
        Assert.Equal(0, cursor.IndexAfter(DirectoryCursor.DotDotOffset));
        Assert.True(cursor.OffsetAt(0) > DirectoryCursor.DotDotOffset);
        for (int i = 1; i < cursor.Count; i++) Assert.True(cursor.OffsetAt(i) > cursor.OffsetAt(i - 1));
        Assert.Equal(names.Order(), After(cursor, 0).Order());
        Assert.Equal(cursor.Count, cursor.IndexAfter(cursor.OffsetAt(cursor.Count - 1)));
    }

    [Fact]
    public void A_listing_taken_again_after_changes_never_skips_or_repeats_an_unchanged_name()
    {
        var random = new Random(42);
        for (int round = 0; round < 50; round++)
        {
            var before = Enumerable.Range(0, 300).Select(i => $"n{random.Next(100000)}").Distinct().ToList();
            var removed = before.Where(_ => random.Next(4) == 0).ToHashSet();
            var added = Enumerable.Range(0, 40).Select(i => $"new{round}_{i}").ToList();
            var after = before.Where(n => !removed.Contains(n)).Concat(added).ToList();
            var first = Cursor(before);
            var second = Cursor(after);
            int stop = random.Next(first.Count);
            // Read [0, stop] from the old listing, then resume from a fresh one at the last offset returned.
            var seen = Enumerable.Range(0, stop + 1).Select(i => first[i].Name).Concat(After(second, first.OffsetAt(stop))).ToList();
            foreach (var name in before.Where(n => !removed.Contains(n)))
                Assert.Equal(1, seen.Count(s => s == name));
        }
    }

    [Fact]
    public void Colliding_offsets_are_made_distinct()
    {
        // Not a real collision (they need 2^31 tries); the order is what matters: equal hashes would repeat offsets.
        var cursor = Cursor(["a", "a"]);
        Assert.True(cursor.OffsetAt(1) > cursor.OffsetAt(0));
        Assert.Equal(1, cursor.IndexAfter(cursor.OffsetAt(0)));
    }
}
