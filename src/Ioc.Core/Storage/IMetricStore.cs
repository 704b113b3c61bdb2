using Ioc.Core.Metrics;

namespace Ioc.Core.Storage;

/// <summary>
/// Where points are kept. Contract for every adapter:
/// <list type="bullet">
/// <item>A point with the same series, field and timestamp as a stored one replaces it, so repeated writes never duplicate.</item>
/// <item><see cref="WriteAsync"/> stores all of the batch; a store that is down or overloaded throws
/// <see cref="StoreUnavailableException"/>, after which a remote store may have kept a prefix of a large batch (its
/// requests are capped), so the caller writes the whole batch again, which is safe by the rule above. A backend that
/// refuses single lines as invalid (InfluxDB's field-type conflicts) stores the rest, and logs and counts the refused ones.</item>
/// <item>Range reads return at most <see cref="RangeQuery.MaxBuckets"/> values per series, aggregated into buckets aligned as <see cref="BucketPlan"/> says;
/// series with no point in the range are left out; sums and means equal <see cref="Downsampler"/>'s up to rounding.</item>
/// <item>Strings (names, tag values) come back exactly as written, including any Unicode.</item>
/// </list>
/// Points given to the store have been validated by <see cref="MetricValidator"/>.
/// </summary>
public interface IMetricStore
{
    Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default);

    /// <summary>History of every series matching the selector, downsampled.</summary>
    Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default);

    /// <summary>The newest value of every series matching the selector.</summary>
    Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default);

    /// <summary>Answers once the store can serve reads and writes; used by health checks.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>Series of one measurement whose tags include <see cref="Tags"/> (an empty set matches all), and one field.</summary>
public sealed record SeriesSelector(string Measurement, IReadOnlyDictionary<string, string> Tags, string Field)
{
    public SeriesSelector(string measurement, string field)
        : this(measurement, new Dictionary<string, string>(), field)
    {
    }

    public bool Matches(SeriesKey series) =>
        string.Equals(series.Measurement, Measurement, StringComparison.Ordinal) && series.HasTags(Tags);

    public override string ToString() =>
        Tags.Count == 0 ? $"{Measurement}.{Field}" : $"{Measurement}{{{string.Join(',', Tags.Select(t => $"{t.Key}={t.Value}"))}}}.{Field}";
}

public enum Aggregation
{
    Mean,
    Min,
    Max,
    Last,
    Sum,
}

/// <param name="From">Inclusive, Unix nanoseconds.</param>
/// <param name="To">Exclusive, Unix nanoseconds.</param>
public sealed record RangeQuery(SeriesSelector Selector, long From, long To, int MaxBuckets, Aggregation Aggregation);

/// <summary>A bucket's start time (Unix nanoseconds) and its aggregated value.</summary>
public readonly record struct BucketValue(long Timestamp, double Value);

public sealed record SeriesRange(SeriesKey Series, string Field, long BucketWidth, IReadOnlyList<BucketValue> Values);

public sealed record LastValue(SeriesKey Series, string Field, long Timestamp, double Value);
