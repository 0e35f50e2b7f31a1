// DOS wildcard matching as DokanIsNameInExpression / FsRtlIsNameInExpression define it (dokan/dokan.h):
// '*' any run, '?' one char, '<' DOS_STAR, '>' DOS_QM, '"' DOS_DOT. FindFirstFileW rewrites "*.txt" to "<.txt" etc.
namespace Union.Windows.Dokan;

internal static class DosWildcard
{
    public const char DOS_STAR = '<';
    public const char DOS_QM = '>';
    public const char DOS_DOT = '"';

    private const int StackStates = 256;

    public static bool HasWildcards(ReadOnlySpan<char> expression) =>
        expression.IndexOfAny("*?<>\"") >= 0;

    // Runs the expression as an NFA over the name (no backtracking, so "*a*a*a*b" cannot blow up).
    // Semantics follow the documented FsRtl rules rather than dokan2.dll's quirks: dokan2.dll fails "<" and "<\""
    // against dot-less names (so "dir *." finds nothing) and lets '"' match nothing in mid-name.
    public static bool IsMatch(ReadOnlySpan<char> expression, ReadOnlySpan<char> name, bool ignoreCase)
    {
        var count = expression.Length + 1;
        Span<bool> current = count <= StackStates ? stackalloc bool[count] : new bool[count];
        Span<bool> next = count <= StackStates ? stackalloc bool[count] : new bool[count];
        var lastDot = name.LastIndexOf('.');

        current[0] = true;
        Close(expression, name, 0, current);
        for (var i = 0; i < name.Length; i++)
        {
            next.Clear();
            var c = name[i];
            var any = false;
            for (var e = 0; e < expression.Length; e++)
            {
                if (!current[e])
                {
                    continue;
                }

                switch (expression[e])
                {
                    case '*':
                        next[e] = true;
                        break;
                    // DOS_STAR may run over anything except the name's final period, which something after it must match.
                    case DOS_STAR:
                        if (i != lastDot)
                        {
                            next[e] = true;
                        }

                        break;
                    // DOS_QM consumes one character but never a period.
                    case DOS_QM:
                        if (c != '.')
                        {
                            next[e + 1] = true;
                        }

                        break;
                    case DOS_DOT:
                        if (c == '.')
                        {
                            next[e + 1] = true;
                        }

                        break;
                    case '?':
                        next[e + 1] = true;
                        break;
                    default:
                        if (Same(expression[e], c, ignoreCase))
                        {
                            next[e + 1] = true;
                        }

                        break;
                }
            }

            Close(expression, name, i + 1, next);
            foreach (var state in next)
            {
                any |= state;
            }

            if (!any)
            {
                return false;
            }

            var swap = current;
            current = next;
            next = swap;
        }

        return current[expression.Length];
    }

    // Zero-width moves at name position `at`: stars match nothing; DOS_QM matches nothing before a period or at
    // the end (so "a>>.txt" accepts "a.txt"); DOS_DOT matches nothing only at the end of the name.
    private static void Close(ReadOnlySpan<char> expression, ReadOnlySpan<char> name, int at, Span<bool> states)
    {
        var atEnd = at == name.Length;
        var atDot = !atEnd && name[at] == '.';
        for (var e = 0; e < expression.Length; e++)
        {
            if (!states[e])
            {
                continue;
            }

            var zeroWidth = expression[e] switch
            {
                '*' or DOS_STAR => true,
                DOS_QM => atEnd || atDot,
                DOS_DOT => atEnd,
                _ => false,
            };
            if (zeroWidth)
            {
                states[e + 1] = true;
            }
        }
    }

    private static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
