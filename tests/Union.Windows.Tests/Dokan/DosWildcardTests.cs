// DOS wildcard semantics (DokanIsNameInExpression / FsRtlIsNameInExpression), including the DOS_STAR '<',
// DOS_QM '>' and DOS_DOT '"' forms FindFirstFileW produces from "*.txt", "a?.txt" and "*.".
using Union.Windows.Dokan;

namespace Union.Windows.Tests.Dokan;

public class DosWildcardTests
{
    [Theory]
    [InlineData("*", "abc", true)]
    [InlineData("*", ".hidden", true)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abcd", "abc", false)]
    [InlineData("*.txt", "a.txt", true)]
    [InlineData("*.txt", "a.b.txt", true)]
    [InlineData("*.txt", "a.txt.bak", false)]
    [InlineData("*.txt", ".txt", true)]
    [InlineData("a*", "a", true)]
    [InlineData("*a*b*c", "xxaxxbxxc", true)]
    [InlineData("*a*b*c", "xxaxxcxxb", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "a.c", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("???", "ab", false)]
    public void Star_and_question_mark(string expression, string name, bool expected) =>
        Assert.Equal(expected, DosWildcard.IsMatch(expression, name, ignoreCase: true));

    [Theory]
    // "*.txt" as FindFirstFileW sends it.
    [InlineData("<.txt", "a.txt", true)]
    [InlineData("<.txt", "a.b.txt", true)]
    [InlineData("<.txt", ".txt", true)]
    [InlineData("<.txt", "atxt", false)]
    // DOS_STAR never runs over the final period.
    [InlineData("<", "abc", true)]
    [InlineData("<", "a.b", false)]
    [InlineData("a.<", "a.bcd", true)]
    [InlineData("<.<", "a.b.c", true)]
    [InlineData("<b", "a.b", false)]
    public void Dos_star(string expression, string name, bool expected) =>
        Assert.Equal(expected, DosWildcard.IsMatch(expression, name, ignoreCase: true));

    [Theory]
    // "a??.txt" is sent as "a>>.txt": each DOS_QM takes one non-period char, or nothing before a period/end.
    [InlineData("a>>.txt", "a.txt", true)]
    [InlineData("a>>.txt", "ab.txt", true)]
    [InlineData("a>>.txt", "abc.txt", true)]
    [InlineData("a>>.txt", "abcd.txt", false)]
    [InlineData("a>>", "a", true)]
    [InlineData("a>>", "abc", true)]
    [InlineData("a>", "a.b", false)]
    [InlineData(">.b", "a.b", true)]
    public void Dos_question_mark(string expression, string name, bool expected) =>
        Assert.Equal(expected, DosWildcard.IsMatch(expression, name, ignoreCase: true));

    [Theory]
    // "*." (names without extension) is sent as "<\"": DOS_DOT matches a period or the end of the name.
    [InlineData("<\"", "abc", true)]
    [InlineData("<\"", "abc.", true)]
    [InlineData("<\"", "abc.txt", false)]
    [InlineData("a\"b", "a.b", true)]
    [InlineData("a\"b", "ab", false)]
    [InlineData("a\"", "a", true)]
    [InlineData("a\"<", "a.txt", true)]
    public void Dos_dot(string expression, string name, bool expected) =>
        Assert.Equal(expected, DosWildcard.IsMatch(expression, name, ignoreCase: true));

    [Theory]
    [InlineData("README.MD", "readme.md", true, true)]
    [InlineData("README.MD", "readme.md", false, false)]
    [InlineData("*.TXT", "a.txt", true, true)]
    [InlineData("*.TXT", "a.txt", false, false)]
    [InlineData("<.Txt", "A.tXT", true, true)]
    [InlineData("\u00C9*", "\u00E9t\u00E9", true, true)]
    public void Case_sensitivity_option(string expression, string name, bool ignoreCase, bool expected) =>
        Assert.Equal(expected, DosWildcard.IsMatch(expression, name, ignoreCase));

    [Fact]
    public void Many_stars_do_not_backtrack_exponentially()
    {
        var name = new string('a', 255);
        Assert.False(DosWildcard.IsMatch("*a*a*a*a*a*a*a*a*a*a*a*a*b", name, ignoreCase: true));
    }

    [Fact]
    public void Long_expressions_use_heap_state()
    {
        var name = new string('x', 300);
        Assert.True(DosWildcard.IsMatch(name, name, ignoreCase: false));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("a?", true)]
    [InlineData("<.txt", true)]
    [InlineData("a>", true)]
    [InlineData("a\"", true)]
    [InlineData("plain.txt", false)]
    public void HasWildcards(string expression, bool expected) =>
        Assert.Equal(expected, DosWildcard.HasWildcards(expression));
}
