using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Server.Features.Provenance;

/// <summary>A stored point: its series, time (Unix nanoseconds, to the millisecond) and value.</summary>
internal sealed record LocatedPoint(SeriesKey Series, string Field, long Timestamp, double Value);

/// <summary>
/// Finds, for each series a selector matches, the newest point at or before a time. The store answers last values
/// and bucketed ranges only, so a point in the past is narrowed down bucket by bucket (a thousand at a time) until a
/// bucket is a millisecond wide: a handful of reads whatever the look-back.
/// </summary>
internal static class PointLocator
{
    /// <summary>How far back a point is looked for: yearly figures entered by hand are the sparsest.</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(5 * 366);

    private const int Buckets = 1000;
    private const long Millisecond = 1_000_000;

    /// <param name="at">Unix nanoseconds.</param>
    /// <param name="limit">Most series answered; the count of all matched comes back too.</param>
    public static async Task<(IReadOnlyList<LocatedPoint> Points, int Matched)> AtOrBeforeAsync(
        IMetricStore store, SeriesSelector selector, long at, int limit, CancellationToken cancellationToken)
    {
        var newest = await store.QueryLastAsync(selector, cancellationToken);
        var points = new List<LocatedPoint>();
        var matched = 0;
        foreach (var last in newest.OrderBy(l => l.Series.Text, StringComparer.Ordinal))
        {
            var point = last.Timestamp <= at
                ? new LocatedPoint(last.Series, last.Field, last.Timestamp, last.Value)
                : await NarrowAsync(store, new SeriesSelector(selector.Measurement, Tags(last.Series), selector.Field), last.Series, at, cancellationToken);
            if (point is null)
            {
                continue;
            }

            matched++;
            if (points.Count < limit)
            {
                points.Add(point);
            }
        }

        return (points, matched);
    }

    private static async Task<LocatedPoint?> NarrowAsync(IMetricStore store, SeriesSelector exact, SeriesKey series, long at, CancellationToken cancellationToken)
    {
        var to = at + 1;
        var from = Math.Max(0, to - (long)(LookBack.TotalMilliseconds * Millisecond));
        // Each read narrows the span a thousandfold; ten reads reach a millisecond from any look-back.
        for (var step = 0; step < 10; step++)
        {
            var ranges = await store.QueryRangeAsync(new RangeQuery(exact, from, to, Buckets, Aggregation.Last), cancellationToken);
            var range = ranges.FirstOrDefault(r => r.Series.Equals(series));
            if (range is not { Values.Count: > 0 })
            {
                return null;
            }

            var bucket = range.Values[^1];
            if (range.BucketWidth <= Millisecond)
            {
                return new LocatedPoint(series, exact.Field, bucket.Timestamp, bucket.Value);
            }

            from = Math.Max(from, bucket.Timestamp);
            to = Math.Min(to, bucket.Timestamp + range.BucketWidth);
        }

        return null;
    }

    private static Dictionary<string, string> Tags(SeriesKey key) => key.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
}
