using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Core.Units;

namespace Ioc.Server.Features.Units;

/// <summary>
/// A measure's value for each unit at one level on one day, from the newest point of each series at or before an
/// instant, rolled up through the mapping of old units to new ones (<see cref="UnitRollup"/>).
/// </summary>
internal sealed class UnitQuery(UnitCatalog catalog, IMetricStore store)
{
    /// <summary>How far back a past instant looks for a series' newest point: yearly figures are a year apart.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(1100);

    /// <param name="at">Points at or before this instant count; by default the end of <paramref name="day"/>.</param>
    public async Task<IReadOnlyList<UnitValue>> RunAsync(KpiMeasure measure, UnitLevel level, string? parent, DateOnly day, DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var limit = UnixTime.ToNanoseconds(at ?? UnitCatalog.EndOf(day)) + (at is null ? 0 : 1);
        var observations = new List<UnitObservation>();
        var part = 0;
        foreach (var series in measure.Parts())
        {
            foreach (var value in await NewestBeforeAsync(series.ToSelector(), limit, cancellationToken))
            {
                if (value.Series.GetTag(KpiMeasure.UnitTag) is { } unit)
                {
                    observations.Add(new UnitObservation(unit, part, value.Value, UnixTime.ToMilliseconds(value.Timestamp)));
                }
            }

            part++;
        }

        return new UnitRollup(catalog.Registry, measure, day, observations).At(level, parent);
    }

    /// <summary>The newest value of each matching series before <paramref name="limit"/> (exclusive, Unix nanoseconds).</summary>
    private async Task<IReadOnlyList<LastValue>> NewestBeforeAsync(SeriesSelector selector, long limit, CancellationToken cancellationToken)
    {
        var last = await store.QueryLastAsync(selector, cancellationToken);
        var result = last.Where(v => v.Timestamp < limit).ToList();
        if (result.Count == last.Count || limit <= 0)
        {
            return result;
        }

        // Series written since: their newest point before the limit is the last one of the last bucket holding any,
        // timed to its bucket after a second, finer read of that bucket.
        var from = Math.Max(0, limit - Lookback.Ticks * 100);
        var late = last.Where(v => v.Timestamp >= limit).Select(v => v.Series).ToHashSet();
        foreach (var range in await store.QueryRangeAsync(new RangeQuery(selector, from, limit, 1000, Aggregation.Last), cancellationToken))
        {
            if (!late.Contains(range.Series) || range.Values.Count == 0)
            {
                continue;
            }

            var bucket = range.Values[^1];
            var exact = new SeriesSelector(selector.Measurement, Ioc.Server.Features.Query.QueryApi.Tags(range.Series), selector.Field);
            var end = Math.Min(limit, bucket.Timestamp + range.BucketWidth);
            var fine = (await store.QueryRangeAsync(new RangeQuery(exact, Math.Max(0, bucket.Timestamp), end, 1000, Aggregation.Last), cancellationToken))
                .FirstOrDefault(r => r.Series.Equals(range.Series) && r.Values.Count > 0);
            var point = fine?.Values[^1] ?? bucket;
            result.Add(new LastValue(range.Series, range.Field, point.Timestamp, point.Value));
        }

        return result;
    }
}
