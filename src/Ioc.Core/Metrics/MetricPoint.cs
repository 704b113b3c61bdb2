using System.Collections.Immutable;

namespace Ioc.Core.Metrics;

/// <summary>A tag of a point: part of the series identity.</summary>
public readonly record struct Tag(string Key, string Value);

/// <summary>A numeric field of a point.</summary>
public readonly record struct Field(string Name, double Value);

/// <summary>
/// One observation: measurement, tags, numeric fields and a timestamp in Unix nanoseconds.
/// Tags and fields are kept sorted by key (ordinal) so equal points compare and serialise equally.
/// Construction does not validate; <see cref="MetricValidator"/> does.
/// </summary>
public sealed class MetricPoint
{
    private SeriesKey? _series;

    public MetricPoint(string measurement, IEnumerable<Tag> tags, IEnumerable<Field> fields, long timestamp)
    {
        Measurement = measurement;
        Tags = [.. tags.OrderBy(t => t.Key, StringComparer.Ordinal)];
        Fields = [.. fields.OrderBy(f => f.Name, StringComparer.Ordinal)];
        Timestamp = timestamp;
    }

    public MetricPoint(string measurement, IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, double> fields, long timestamp)
        : this(measurement, tags.Select(t => new Tag(t.Key, t.Value)), fields.Select(f => new Field(f.Key, f.Value)), timestamp)
    {
    }

    public string Measurement { get; }

    public ImmutableArray<Tag> Tags { get; }

    public ImmutableArray<Field> Fields { get; }

    /// <summary>Unix time in nanoseconds.</summary>
    public long Timestamp { get; }

    public SeriesKey Series => _series ??= new SeriesKey(Measurement, Tags);

    public override string ToString() => LineProtocolFormatter.Format(this);
}
