using System.Collections.Immutable;
using System.Runtime.InteropServices;

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
        Tags = Sorted(tags, static t => t.Key);
        Fields = Sorted(fields, static f => f.Name);
        Timestamp = timestamp;
    }

    public MetricPoint(string measurement, IReadOnlyDictionary<string, string> tags, IReadOnlyDictionary<string, double> fields, long timestamp)
        : this(measurement, tags.Select(t => new Tag(t.Key, t.Value)), fields.Select(f => new Field(f.Key, f.Value)), timestamp)
    {
    }

    /// <summary>A point of a known series, its fields already sorted by name: the parser shares one series among all its lines.</summary>
    internal MetricPoint(SeriesKey series, ImmutableArray<Field> sortedFields, long timestamp)
    {
        Measurement = series.Measurement;
        Tags = series.Tags;
        Fields = sortedFields;
        Timestamp = timestamp;
        _series = series;
    }

    public string Measurement { get; }

    public ImmutableArray<Tag> Tags { get; }

    public ImmutableArray<Field> Fields { get; }

    /// <summary>Unix time in nanoseconds.</summary>
    public long Timestamp { get; }

    public SeriesKey Series => _series ??= SeriesKey.FromSorted(Measurement, Tags);

    public override string ToString() => LineProtocolFormatter.Format(this);

    // Ingest builds millions of points whose keys mostly arrive sorted already: check before sorting.
    internal static ImmutableArray<T> Sorted<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var array = items.ToArray();
        for (var i = 1; i < array.Length; i++)
        {
            if (string.CompareOrdinal(key(array[i - 1]), key(array[i])) > 0)
            {
                Array.Sort(array, (a, b) => string.CompareOrdinal(key(a), key(b)));
                break;
            }
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(array);
    }
}
