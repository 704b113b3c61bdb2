using System.Text;

namespace Ioc.Server.Features.Collectors;

/// <summary>What changed between two versions of a document, line by line, for the audit log.</summary>
internal static class LineDiff
{
    /// <summary>Beyond this many lines a side, the audit says the whole document was replaced rather than compare.</summary>
    private const int MaxLines = 2000;

    /// <summary>Lines removed as <c>- line</c> and added as <c>+ line</c>, in document order; unchanged lines are left out.</summary>
    public static string Describe(string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);
        if (a.Length > MaxLines || b.Length > MaxLines)
        {
            return $"whole document replaced ({a.Length} lines by {b.Length})";
        }

        // Longest common subsequence, then walk it: the classic diff, small enough for definitions.
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = a[i] == b[j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var text = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lengths[x + 1, y] >= lengths[x, y + 1]))
            {
                text.Append("- ").Append(a[x++]).Append('\n');
            }
            else
            {
                text.Append("+ ").Append(b[y++]).Append('\n');
            }
        }

        return text.Length == 0 ? "no change" : text.ToString().TrimEnd('\n');
    }

    private static string[] Lines(string text) => text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
