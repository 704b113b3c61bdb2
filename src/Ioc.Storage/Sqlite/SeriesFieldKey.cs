using System.Collections.Immutable;
using Ioc.Core.Metrics;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// One stored series: measurement, tags and field, compared part by part. The writer looks every value up by it,
/// and building <see cref="SeriesKey.Text"/> for each point costs more than the insert itself. For validated points
/// (tags sorted and unique, no trailing backslash) it is equal exactly when the series key texts are equal.
/// </summary>
internal readonly struct SeriesFieldKey : IEquatable<SeriesFieldKey>
{
    private readonly string _measurement;
    private readonly ImmutableArray<Tag> _tags;
    private readonly string _field;

    public SeriesFieldKey(MetricPoint point, string field)
    {
        _measurement = point.Measurement;
        _tags = point.Tags;
        _field = field;
    }

    public bool Equals(SeriesFieldKey other) =>
        string.Equals(_measurement, other._measurement, StringComparison.Ordinal)
        && string.Equals(_field, other._field, StringComparison.Ordinal)
        && _tags.AsSpan().SequenceEqual(other._tags.AsSpan());

    public override bool Equals(object? obj) => obj is SeriesFieldKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_measurement, StringComparer.Ordinal);
        foreach (var tag in _tags)
        {
            hash.Add(tag.Key, StringComparer.Ordinal);
            hash.Add(tag.Value, StringComparer.Ordinal);
        }

        hash.Add(_field, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public static bool operator ==(SeriesFieldKey left, SeriesFieldKey right) => left.Equals(right);

    public static bool operator !=(SeriesFieldKey left, SeriesFieldKey right) => !left.Equals(right);
}
