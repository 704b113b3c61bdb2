using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Plans;
using Ioc.Core.Storage;

namespace Ioc.Server.Features.Plans;

/// <summary>
/// A KPI's daily values from the metric store: each day's last value of every matching series, summed across
/// series for counts, and for a ratio the summed numerator over the summed denominator of the same day.
/// </summary>
internal sealed class KpiHistory(IMetricStore store)
{
    private const long Day = 86_400L * 1_000_000_000;

    /// <summary>
    /// Daily values over the <paramref name="days"/> days up to <paramref name="end"/> (exclusive), each stamped
    /// with its day's start (UTC). With <paramref name="unit"/>, the unit's series: the measure's tags less
    /// <c>level</c>, plus <c>unit=CODE</c>.
    /// </summary>
    public async Task<List<TimedValue>> DailyAsync(KpiMeasure kpi, string? unit, DateTimeOffset end, int days, CancellationToken cancellationToken)
    {
        var to = UnixTime.ToNanoseconds(end);
        var from = Math.Max(0, ((to - 1) / Day * Day) - ((long)(days - 1) * Day));
        var buckets = (int)(((to - from - 1) / Day) + 1);
        var parts = new List<Dictionary<long, double>>();
        foreach (var part in kpi.Parts())
        {
            var ranges = await store.QueryRangeAsync(new RangeQuery(Selector(part, unit), from, to, buckets, Aggregation.Last), cancellationToken);
            parts.Add(Combine(kpi, ranges.OrderBy(r => r.Series.Text, StringComparer.Ordinal).Select(r => r.Values.Select(v => (v.Timestamp, v.Value)))));
        }

        return Values(kpi, parts).Select(v => new TimedValue(UnixTime.FromNanoseconds(v.Time), v.Value)).ToList();
    }

    /// <summary>The newest value, at the oldest of the newest times of the series it sums; null when a part has none.</summary>
    public async Task<TimedValue?> LastAsync(KpiMeasure kpi, string? unit, CancellationToken cancellationToken)
    {
        var sums = new List<double>();
        long time = long.MaxValue;
        foreach (var part in kpi.Parts())
        {
            var last = await store.QueryLastAsync(Selector(part, unit), cancellationToken);
            if (last.Count == 0)
            {
                return null;
            }

            var used = kpi.IsRatio || kpi.RollUp == MeasureRollUp.Sum ? last : [last.OrderBy(l => l.Series.Text, StringComparer.Ordinal).First()];
            sums.Add(used.Sum(l => l.Value));
            time = Math.Min(time, used.Min(l => l.Timestamp));
        }

        var value = kpi.IsRatio ? kpi.Compute(sums[0], sums[1]) : sums[0];
        return value is { } v ? new TimedValue(UnixTime.FromNanoseconds(time), v) : null;
    }

    public static SeriesSelector Selector(MeasureSeries part, string? unit)
    {
        if (unit is null)
        {
            return part.ToSelector();
        }

        // The measure names the province row by its level; one unit is named by its code instead.
        var tags = part.Tags.Where(t => t.Key != "level").ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        return (part with { Tags = tags }).ToSelector(unit);
    }

    // Counts add up across series; a value that does not (a rate, a score) is read from one series only.
    private static Dictionary<long, double> Combine(KpiMeasure kpi, IEnumerable<IEnumerable<(long Time, double Value)>> series)
    {
        var list = series.ToList();
        if (!kpi.IsRatio && kpi.RollUp == MeasureRollUp.None)
        {
            list = list.Take(1).ToList();
        }

        var byTime = new Dictionary<long, double>();
        foreach (var (time, value) in list.SelectMany(s => s))
        {
            byTime[time] = byTime.GetValueOrDefault(time) + value;
        }

        return byTime;
    }

    private static IEnumerable<(long Time, double Value)> Values(KpiMeasure kpi, List<Dictionary<long, double>> parts)
    {
        if (!kpi.IsRatio)
        {
            return parts[0].OrderBy(p => p.Key).Select(p => (p.Key, p.Value));
        }

        return parts[0].Where(n => parts[1].ContainsKey(n.Key)).OrderBy(n => n.Key)
            .Select(n => (n.Key, Value: kpi.Compute(n.Value, parts[1][n.Key])))
            .Where(v => v.Value is not null)
            .Select(v => (v.Key, v.Value!.Value));
    }
}
