using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Ioc.Core.Metrics;

/// <summary>Writes points as InfluxDB line protocol, escaping as <see cref="LineProtocolParser"/> reads.</summary>
public static class LineProtocolFormatter
{
    private static readonly SearchValues<char> NameSpecials = SearchValues.Create(", ");
    private static readonly SearchValues<char> KeySpecials = SearchValues.Create(", =");

    public static string Format(MetricPoint point, Precision precision = Precision.Nanoseconds)
    {
        var sb = new StringBuilder(64);
        Append(sb, point, precision);
        return sb.ToString();
    }

    public static void Append(StringBuilder sb, MetricPoint point, Precision precision = Precision.Nanoseconds)
    {
        ArgumentNullException.ThrowIfNull(sb);
        ArgumentNullException.ThrowIfNull(point);
        AppendSeries(sb, point.Measurement, point.Tags);
        sb.Append(' ');
        for (var i = 0; i < point.Fields.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            AppendEscaped(sb, point.Fields[i].Name, escapeEquals: true);
            // Formatted into the builder: a string per number would be most of what a batch allocates.
            sb.Append('=').Append(CultureInfo.InvariantCulture, $"{point.Fields[i].Value:R}");
        }

        sb.Append(' ').Append(CultureInfo.InvariantCulture, $"{point.Timestamp / precision.NanosecondsPerUnit()}");
    }

    /// <summary>Measurement and tags, escaped; an immutable array, so no enumerator is boxed for every point.</summary>
    public static void AppendSeries(StringBuilder sb, string measurement, ImmutableArray<Tag> tags)
    {
        ArgumentNullException.ThrowIfNull(sb);
        AppendEscaped(sb, measurement, escapeEquals: false);
        foreach (var tag in tags)
        {
            sb.Append(',');
            AppendEscaped(sb, tag.Key, escapeEquals: true);
            sb.Append('=');
            AppendEscaped(sb, tag.Value, escapeEquals: true);
        }
    }

    private static void AppendEscaped(StringBuilder sb, string text, bool escapeEquals)
    {
        // Most names need no escape at all: one search, one copy.
        if (text.AsSpan().IndexOfAny(escapeEquals ? KeySpecials : NameSpecials) < 0)
        {
            sb.Append(text);
            return;
        }

        foreach (var c in text)
        {
            if (c == ',' || c == ' ' || (c == '=' && escapeEquals))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }
    }
}
