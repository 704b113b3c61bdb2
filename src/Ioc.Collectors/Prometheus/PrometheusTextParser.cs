using System.Globalization;
using System.Text;

namespace Ioc.Collectors.Prometheus;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 one line at a time: <c># HELP</c> (text ignored),
/// <c># TYPE</c> (remembered, to tell histogram and summary parts apart), other comments and blank lines (skipped), and
/// samples <c>name{label="value",…} value [timestamp_ms]</c>. Label values unescape <c>\\</c>, <c>\"</c> and
/// <c>\n</c>; values are Go floats (<c>1.5e3</c>, <c>NaN</c>, <c>+Inf</c>, <c>-Inf</c>). Anything else throws a
/// <see cref="PrometheusFormatException"/> naming the line, the column and what is wrong.
/// </summary>
internal sealed class PrometheusTextParser
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    private static readonly (string Suffix, SamplePart Part)[] Suffixes = [("_bucket", SamplePart.Bucket), ("_sum", SamplePart.Sum), ("_count", SamplePart.Count)];

    private readonly Dictionary<string, (string Type, int Line)> _types = new(StringComparer.Ordinal);

    /// <summary>The sample on <paramref name="line"/>, or null for a comment or blank line.</summary>
    /// <param name="number">The line's 1-based number, for messages and <see cref="PrometheusSample.Line"/>.</param>
    public PrometheusSample? ParseLine(string line, int number)
    {
        ArgumentNullException.ThrowIfNull(line);
        var i = SkipBlanks(line, 0);
        if (i == line.Length)
        {
            return null;
        }

        if (line[i] == '#')
        {
            ParseComment(line, i + 1, number);
            return null;
        }

        var name = ReadMetricName(line, ref i, number, "a metric name");
        var afterName = i;
        i = SkipBlanks(line, i);
        IReadOnlyList<KeyValuePair<string, string>> labels = [];
        if (i < line.Length && line[i] == '{')
        {
            labels = ReadLabels(line, ref i, number);
        }
        else if (i == afterName && i < line.Length)
        {
            throw Error(number, i, $"{Describe(line[i])} cannot be part of a metric name (letters, digits, '_' and ':')");
        }

        i = SkipBlanks(line, i);
        var valueAt = i;
        var valueText = ReadToken(line, ref i);
        if (valueText.Length == 0)
        {
            throw Error(number, valueAt, $"no value after {name}");
        }

        if (!TryParseValue(valueText, out var value))
        {
            throw Error(number, valueAt, $"'{Excerpt(valueText)}' is not a number (a value is a float such as 42, 1.5e-3, NaN, +Inf or -Inf)");
        }

        i = SkipBlanks(line, i);
        long? timestamp = null;
        if (i < line.Length)
        {
            var timestampAt = i;
            var timestampText = ReadToken(line, ref i);
            if (!long.TryParse(timestampText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                throw Error(number, timestampAt, $"'{Excerpt(timestampText)}' after the value is not a timestamp (whole milliseconds since 1970)");
            }

            timestamp = ms;
            i = SkipBlanks(line, i);
            if (i < line.Length)
            {
                throw Error(number, i, $"unexpected '{Excerpt(line[i..])}' after the timestamp");
            }
        }

        var (family, part) = Classify(name, labels);
        return new PrometheusSample(number, name, family, part, labels, value, timestamp);
    }

    /// <summary>Parses a Go float as Prometheus writes it; Go's spellings of infinity and NaN, any case.</summary>
    internal static bool TryParseValue(string text, out double value)
    {
        switch (text.ToUpperInvariant())
        {
            case "NAN":
                value = double.NaN;
                return true;
            case "INF" or "+INF" or "INFINITY" or "+INFINITY":
                value = double.PositiveInfinity;
                return true;
            case "-INF" or "-INFINITY":
                value = double.NegativeInfinity;
                return true;
        }

        // .NET would take "Infinity", "∞" or digits of other scripts; Go takes none of them.
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not ('+' or '-' or '.' or 'e' or 'E'))
            {
                value = 0;
                return false;
            }
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    internal static bool IsMetricName(string text) => text.Length > 0 && IsMetricNameStart(text[0]) && text.All(IsMetricNameChar);

    internal static bool IsLabelName(string text) => text.Length > 0 && IsLabelNameStart(text[0]) && text.All(IsLabelNameChar);

    private (string Family, SamplePart Part) Classify(string name, IReadOnlyList<KeyValuePair<string, string>> labels)
    {
        if (TypeOf(name) == "summary" && labels.Any(l => l.Key == "quantile"))
        {
            return (name, SamplePart.Quantile);
        }

        foreach (var (suffix, part) in Suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                var family = name[..^suffix.Length];
                var type = TypeOf(family);
                if (type == "histogram" || (type == "summary" && part != SamplePart.Bucket))
                {
                    return (family, part);
                }
            }
        }

        return (name, SamplePart.Value);
    }

    private string? TypeOf(string family) => _types.TryGetValue(family, out var type) ? type.Type : null;

    private void ParseComment(string line, int i, int number)
    {
        i = SkipBlanks(line, i);
        var keyword = ReadToken(line, ref i);
        if (keyword is not ("HELP" or "TYPE"))
        {
            return;
        }

        i = SkipBlanks(line, i);
        if (i == line.Length)
        {
            throw Error(number, i, $"# {keyword} without a metric name");
        }

        var name = ReadMetricName(line, ref i, number, $"the metric name after # {keyword}");
        if (keyword == "HELP")
        {
            // The help text is documentation; nothing of it is stored.
            return;
        }

        var afterName = i;
        i = SkipBlanks(line, i);
        if (i == afterName && i < line.Length)
        {
            throw Error(number, i, $"{Describe(line[i])} cannot be part of a metric name (letters, digits, '_' and ':')");
        }

        var typeAt = i;
        var type = ReadToken(line, ref i);
        if (!Types.Contains(type, StringComparer.Ordinal))
        {
            throw Error(number, typeAt, type.Length == 0
                ? $"# TYPE {name} without a type (counter, gauge, histogram, summary or untyped)"
                : $"'{Excerpt(type)}' is not a metric type (counter, gauge, histogram, summary or untyped)");
        }

        i = SkipBlanks(line, i);
        if (i < line.Length)
        {
            throw Error(number, i, $"unexpected '{Excerpt(line[i..])}' after the type");
        }

        if (_types.TryGetValue(name, out var earlier))
        {
            throw Error(number, typeAt, $"a second # TYPE for {name} (the first is on line {earlier.Line})");
        }

        _types[name] = (type, number);
    }

    private static string ReadMetricName(string line, ref int i, int number, string what)
    {
        if (!IsMetricNameStart(line[i]))
        {
            throw Error(number, i, $"expected {what}, found {Describe(line[i])}");
        }

        var start = i;
        while (i < line.Length && IsMetricNameChar(line[i]))
        {
            i++;
        }

        return line[start..i];
    }

    private static List<KeyValuePair<string, string>> ReadLabels(string line, ref int i, int number)
    {
        var labels = new List<KeyValuePair<string, string>>();
        var open = i++;
        while (true)
        {
            i = SkipBlanks(line, i);
            if (i == line.Length)
            {
                throw Error(number, open, "the labels opened here are not closed with '}'");
            }

            if (line[i] == '}')
            {
                i++;
                return labels;
            }

            if (!IsLabelNameStart(line[i]))
            {
                throw Error(number, i, $"expected a label name or '}}', found {Describe(line[i])}");
            }

            var nameAt = i;
            while (i < line.Length && IsLabelNameChar(line[i]))
            {
                i++;
            }

            var name = line[nameAt..i];
            if (labels.Exists(l => l.Key == name))
            {
                throw Error(number, nameAt, $"label '{name}' appears twice");
            }

            i = SkipBlanks(line, i);
            if (i == line.Length || line[i] != '=')
            {
                throw Error(number, i, $"expected '=' after label name '{name}', found {Describe(line, i)}");
            }

            i = SkipBlanks(line, i + 1);
            if (i == line.Length || line[i] != '"')
            {
                throw Error(number, i, $"the value of label '{name}' must be in double quotes, found {Describe(line, i)}");
            }

            labels.Add(new(name, ReadLabelValue(line, ref i, number, name)));
            i = SkipBlanks(line, i);
            if (i < line.Length && line[i] == ',')
            {
                i++;
            }
            else if (i == line.Length || line[i] != '}')
            {
                throw Error(number, i, $"expected ',' or '}}' after the value of label '{name}', found {Describe(line, i)}");
            }
        }
    }

    private static string ReadLabelValue(string line, ref int i, int number, string name)
    {
        var open = i++;
        StringBuilder? unescaped = null;
        var start = i;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '"')
            {
                var value = unescaped is null ? line[start..i] : unescaped.Append(line, start, i - start).ToString();
                i++;
                return value;
            }

            if (c != '\\')
            {
                i++;
                continue;
            }

            if (i + 1 == line.Length)
            {
                break;
            }

            var escaped = line[i + 1] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                _ => throw Error(number, i, $"'\\{line[i + 1]}' in the value of label '{name}' is not an escape (only \\\\, \\\" and \\n are)"),
            };
            unescaped ??= new StringBuilder();
            unescaped.Append(line, start, i - start).Append(escaped);
            i += 2;
            start = i;
        }

        throw Error(number, open, $"the value of label '{name}' has no closing '\"'");
    }

    private static int SkipBlanks(string line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static string ReadToken(string line, ref int i)
    {
        var start = i;
        while (i < line.Length && line[i] is not (' ' or '\t'))
        {
            i++;
        }

        return line[start..i];
    }

    private static bool IsMetricNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsMetricNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool IsLabelNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsLabelNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private static PrometheusFormatException Error(int line, int index, string problem) => new(line, index + 1, problem);

    private static string Describe(string line, int i) => i < line.Length ? Describe(line[i]) : "the end of the line";

    private static string Describe(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : $"'{c}'";

    private static string Excerpt(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
