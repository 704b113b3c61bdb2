using System.Globalization;
using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.ServiceIndex;
using Ioc.Core.Storage;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.ServiceIndex;

/// <summary>Levels the index is ranked at, with the tags that name an entry in <c>service_index_inputs</c>.</summary>
internal enum IndexLevel
{
    Province,
    Agency,
    Commune,
}

internal enum TrendPeriod
{
    Week,
    Month,
}

/// <summary>
/// Reads the counts of every unit (or agency) of a level as of an instant from the metric store, and scores them with
/// <see cref="ServiceIndexEngine"/>: one range read per count field, whatever the number of units.
/// </summary>
internal sealed class ServiceIndexReader(IMetricStore store, ServiceIndexTables tables, IOptions<IocOptions> ioc, IOptions<ServiceIndexOptions> options)
{
    private const string LevelTag = "level";

    public TimeZoneInfo TimeZone { get; } = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public static string Name(IndexLevel level) => level.ToString().ToLowerInvariant();

    public static string Name(TrendPeriod period) => period.ToString().ToLowerInvariant();

    public async Task<ServiceIndexAnswer> ReadAsync(IndexLevel level, DateTimeOffset asOf, TrendPeriod period, int trendPoints, CancellationToken cancellationToken)
    {
        var table = tables.Current(ioc.Value.IndicesPath);
        var now = await SnapshotAsync(table, level, asOf, cancellationToken);
        var scores = now.ToDictionary(u => u.Key, u => ServiceIndexEngine.Score(table, u.Value.Read), StringComparer.Ordinal);
        var ranks = ServiceIndexEngine.Rank(scores.Select(s => KeyValuePair.Create(s.Key, Round(s.Value.Total))));

        var times = TrendTimes(asOf, period, trendPoints, TimeZone);
        var trend = new List<IReadOnlyDictionary<string, double>>();
        foreach (var time in times.SkipLast(1))
        {
            var past = await SnapshotAsync(table, level, time, cancellationToken);
            trend.Add(past.ToDictionary(u => u.Key, u => Round(ServiceIndexEngine.Score(table, u.Value.Read).Total), StringComparer.Ordinal));
        }

        var entries = scores
            .OrderBy(s => ranks[s.Key])
            .ThenBy(s => now[s.Key].Name, StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false))
            .Select(s => Entry(table, s.Key, now[s.Key].Name, level, s.Value, ranks[s.Key], scores.Count, [.. trend.Select(t => t.TryGetValue(s.Key, out var v) ? v : (double?)null), Round(s.Value.Total)]))
            .ToList();
        return new ServiceIndexAnswer(table.Id, table.Title, Name(level), asOf, Name(period), times, entries);
    }

    /// <summary>The level of the unit or agency with this code, from its newest counts; null when none are stored.</summary>
    public async Task<IndexLevel?> LevelOfAsync(string code, CancellationToken cancellationToken)
    {
        var part = tables.Current(ioc.Value.IndicesPath).Indicators.SelectMany(i => i.Measure.Parts()).First();
        foreach (var tag in new[] { KpiMeasure.UnitTag, "agency" })
        {
            var selector = new SeriesSelector(part.Measurement, new Dictionary<string, string>(part.Tags) { [tag] = code }, part.Field);
            var last = await store.QueryLastAsync(selector, cancellationToken);
            if (last.OrderByDescending(l => l.Timestamp).FirstOrDefault()?.Series.GetTag(LevelTag) is { } level
                && Enum.TryParse<IndexLevel>(level, ignoreCase: true, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    /// <summary>The instants of a trend: the ends of the <paramref name="points"/> − 1 periods before the one holding <paramref name="asOf"/>, then <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> TrendTimes(DateTimeOffset asOf, TrendPeriod period, int points, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(asOf, zone);
        var start = period == TrendPeriod.Week
            ? local.Date.AddDays(-(((int)local.DayOfWeek + 6) % 7)) // Monday
            : new DateTime(local.Year, local.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
        var times = new List<DateTimeOffset> { asOf };
        for (var i = 0; i < points - 1; i++)
        {
            var end = new DateTimeOffset(start, zone.GetUtcOffset(start));
            times.Insert(0, end);
            start = period == TrendPeriod.Week ? start.AddDays(-7) : start.AddMonths(-1);
        }

        return times;
    }

    private async Task<Dictionary<string, UnitCounts>> SnapshotAsync(ServiceIndexTable table, IndexLevel level, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var (idTag, nameTag) = level == IndexLevel.Agency ? ("agency", "agency_name") : (KpiMeasure.UnitTag, "unit_name");
        var lookback = options.Value.Lookback;
        var to = UnixTime.ToNanoseconds(asOf) + 1;
        var from = Math.Max(0, to - (lookback.Ticks * 100));
        // One-minute buckets: the newest non-empty one starts at (or within a minute of) the count's collection time.
        var buckets = (int)Math.Clamp(lookback.TotalMinutes + 1, 2, 50_000);
        var units = new Dictionary<string, UnitCounts>(StringComparer.Ordinal);
        foreach (var part in table.Indicators.SelectMany(i => i.Measure.Parts()).DistinctBy(Identity))
        {
            var tags = new Dictionary<string, string>(part.Tags, StringComparer.Ordinal) { [LevelTag] = Name(level) };
            var ranges = await store.QueryRangeAsync(new RangeQuery(new SeriesSelector(part.Measurement, tags, part.Field), from, to, buckets, Aggregation.Last), cancellationToken);
            foreach (var range in ranges)
            {
                if (range.Values.Count == 0 || range.Series.GetTag(idTag) is not { } code)
                {
                    continue;
                }

                var last = range.Values[^1];
                if (!units.TryGetValue(code, out var unit))
                {
                    units[code] = unit = new UnitCounts();
                }

                // A renamed agency has a series under each name: the newest count, and name, win.
                var reading = new CountReading(range.Series.Text, part.Field, last.Value, last.Timestamp);
                if (!unit.Counts.TryGetValue(Identity(part), out var known) || known.Timestamp < reading.Timestamp)
                {
                    unit.Counts[Identity(part)] = reading;
                }

                if (last.Timestamp >= unit.NameTime)
                {
                    unit.Name = range.Series.GetTag(nameTag) ?? code;
                    unit.NameTime = last.Timestamp;
                }
            }
        }

        return units;
    }

    private static ServiceIndexEntry Entry(ServiceIndexTable table, string code, string name, IndexLevel level, UnitIndexScore score, int rank, int of, IReadOnlyList<double?> trend)
    {
        var indicators = table.Indicators.ToDictionary(i => i.Id, StringComparer.Ordinal);
        return new(code, name, Name(level), Round(score.Total), score.MaxPoints, score.Estimate, rank, of, [.. score.Groups.Select(g => new ServiceIndexGroupView(
            g.Id,
            g.Name,
            Round(g.Score),
            g.MaxPoints,
            g.Estimate,
            [.. g.Indicators.Select(i => new ServiceIndexIndicatorView(
                i.Id,
                i.Name,
                Round(i.Score),
                i.MaxPoints,
                i.Value is { } v ? Round(v) : null,
                i.Basis,
                i.Estimate,
                Rule(indicators[i.Id]),
                Count(i.Numerator),
                Count(i.Denominator)))]))], trend);
    }

    private static ServiceIndexRule Rule(IndexIndicator indicator) =>
        new(indicator.Scoring.Full, indicator.Scoring.Zero, indicator.Scoring.WhenNoData.ToString().ToLowerInvariant(), indicator.Measure.Scale);

    private static ServiceIndexCount? Count(CountReading? reading)
    {
        if (reading is null)
        {
            return null;
        }

        var series = SeriesKey.Parse(reading.Series);
        return new(reading.Series, series.Measurement, series.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal), reading.Field, reading.Value, UnixTime.FromNanoseconds(reading.Timestamp));
    }

    private static string Identity(MeasureSeries part) =>
        $"{part.Measurement}|{string.Join(',', part.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"))}|{part.Field}";

    private static double Round(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

    private sealed class UnitCounts
    {
        public Dictionary<string, CountReading> Counts { get; } = new(StringComparer.Ordinal);

        public string Name { get; set; } = "";

        public long NameTime { get; set; } = long.MinValue;

        public CountReading? Read(MeasureSeries part) => Counts.GetValueOrDefault(Identity(part));
    }
}
