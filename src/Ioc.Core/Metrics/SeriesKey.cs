using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;

namespace Ioc.Core.Metrics;

/// <summary>
/// Identity of a series: measurement plus its sorted tag set. The canonical text is the series part of
/// a line-protocol line (<c>measurement,k1=v1,k2=v2</c>, escaped), so it round-trips through any tool that speaks it.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    public SeriesKey(string measurement, IEnumerable<Tag> tags)
        : this(measurement, MetricPoint.Sorted(tags, static t => t.Key), sorted: true)
    {
    }

    private SeriesKey(string measurement, ImmutableArray<Tag> sortedTags, bool sorted)
    {
        Debug.Assert(sorted, "tags must arrive sorted by key");
        Measurement = measurement;
        Tags = sortedTags;
        var sb = new StringBuilder(measurement.Length + 16 * Tags.Length);
        LineProtocolFormatter.AppendSeries(sb, Measurement, Tags);
        Text = sb.ToString();
    }

    public string Measurement { get; }

    /// <param name="sortedTags">Already sorted by key, as a <see cref="MetricPoint"/>'s tags are.</param>
    internal static SeriesKey FromSorted(string measurement, ImmutableArray<Tag> sortedTags) => new(measurement, sortedTags, sorted: true);

    public ImmutableArray<Tag> Tags { get; }

    public string Text { get; }

    public string? GetTag(string key)
    {
        foreach (var tag in Tags)
        {
            if (string.Equals(tag.Key, key, StringComparison.Ordinal))
            {
                return tag.Value;
            }
        }

        return null;
    }

    /// <summary>True when every tag of <paramref name="subset"/> is present here with the same value.</summary>
    public bool HasTags(IReadOnlyDictionary<string, string> subset)
    {
        foreach (var (key, value) in subset)
        {
            if (!string.Equals(GetTag(key), value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Parses the canonical text; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static SeriesKey Parse(string text)
    {
        var (measurement, tags) = LineProtocolParser.ParseSeries(text);
        return new SeriesKey(measurement, tags);
    }

    public bool Equals(SeriesKey? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;
}
