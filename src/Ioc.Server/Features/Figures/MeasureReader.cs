using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Server.Features.Figures;

/// <summary>
/// A measure's value over a span, and its latest value split by a tag. Series a selector matches are added up, and a
/// ratio is the ratio of the summed numerators and denominators, never a sum or mean of ratios.
/// </summary>
internal sealed class MeasureReader(IMetricStore store)
{
    private const int LastBuckets = 10;

    /// <summary>
    /// The measure over <paramref name="span"/>. A year-to-date counter (<c>…_ytd</c>) counts what accrued in the span:
    /// its value at the span's end less its value just before the span's start, or less nothing when the span starts
    /// with the year (the counter restarts then). Other fields are aggregated over the span with <paramref name="aggregation"/>.
    /// </summary>
    public async Task<double?> SpanValueAsync(KpiMeasure measure, PeriodSpan span, TimeZoneInfo zone, Aggregation aggregation, CancellationToken cancellationToken)
    {
        if (!measure.IsRatio)
        {
            return await PartAsync(measure.Series!.ToSelector(), span, zone, aggregation, cancellationToken);
        }

        var numerator = await PartAsync(measure.Numerator!.ToSelector(), span, zone, aggregation, cancellationToken);
        var denominator = await PartAsync(measure.Denominator!.ToSelector(), span, zone, aggregation, cancellationToken);
        return numerator is { } n && denominator is { } d ? measure.Compute(n, d) : null;
    }

    /// <summary>The newest value of each series, summed per value of the <paramref name="by"/> tag (series without it are left out).</summary>
    public async Task<Dictionary<string, Split>> SplitAsync(MeasureSeries part, string by, CancellationToken cancellationToken)
    {
        var split = new Dictionary<string, Split>(StringComparer.Ordinal);
        foreach (var last in await store.QueryLastAsync(part.ToSelector(), cancellationToken))
        {
            if (last.Series.GetTag(by) is not { } key)
            {
                continue;
            }

            var time = (double)(last.Timestamp / 1_000_000);
            split[key] = split.TryGetValue(key, out var s)
                ? new Split(s.Sum + last.Value, Math.Max(s.Time, time), s.Series)
                : new Split(last.Value, time, last.Series);
        }

        return split;
    }

    private async Task<double?> PartAsync(SeriesSelector selector, PeriodSpan span, TimeZoneInfo zone, Aggregation aggregation, CancellationToken cancellationToken)
    {
        var start = UnixTime.ToNanoseconds(span.Start);
        var end = UnixTime.ToNanoseconds(span.End);
        if (!ComparisonPeriods.IsYearToDate(selector.Field))
        {
            var ranges = await store.QueryRangeAsync(new RangeQuery(selector, start, Math.Max(end, start + 1), 1, aggregation), cancellationToken);
            var values = ranges.Where(r => r.Values.Count > 0).Select(r => r.Values[^1].Value).ToList();
            return values.Count == 0 ? null : values.Sum();
        }

        var atEnd = await SumOfLastAsync(selector, UnixTime.ToNanoseconds(ComparisonPeriods.YearStart(span.End.AddTicks(-1), zone)), end + 1, cancellationToken);
        if (atEnd is null)
        {
            return null;
        }

        var yearStart = ComparisonPeriods.YearStart(span.Start, zone);
        if (yearStart == span.Start)
        {
            return atEnd;
        }

        return atEnd - (await SumOfLastAsync(selector, UnixTime.ToNanoseconds(yearStart), start, cancellationToken) ?? 0);
    }

    /// <summary>Each series' newest value in [from, to), added up; null when none has one.</summary>
    private async Task<double?> SumOfLastAsync(SeriesSelector selector, long from, long to, CancellationToken cancellationToken)
    {
        if (to <= from)
        {
            return null;
        }

        var ranges = await store.QueryRangeAsync(new RangeQuery(selector, from, to, LastBuckets, Aggregation.Last), cancellationToken);
        var values = ranges.Where(r => r.Values.Count > 0).Select(r => r.Values[^1].Value).ToList();
        return values.Count == 0 ? null : values.Sum();
    }
}

/// <summary>One value of a breakdown's tag: its series' newest values added up, the newest time (Unix ms), and one of its series (for its labels).</summary>
internal sealed record Split(double Sum, double Time, SeriesKey Series);
