using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Tests.Sqlite;
using Ioc.Testing;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.InfluxDb;

/// <summary>
/// The embedded store is the reference: on the same points, InfluxDB's GROUP BY time must give the same buckets
/// (epoch-aligned, as <see cref="BucketPlan"/> says) and the same values.
/// </summary>
public sealed class InfluxDbMetricStoreRangeTests : IClassFixture<InfluxDbServer>
{
    private const long Millisecond = 1_000_000;
    private const long Day = 86_400 * Second;
    private static readonly string[] Stations = ["Vinh", "Cửa Lò", "Hoàng Mai"];

    private readonly InfluxDbServer _server;

    public InfluxDbMetricStoreRangeTests(InfluxDbServer server) => _server = server;

    public static TheoryData<Aggregation> Aggregations => [.. Enum.GetValues<Aggregation>()];

    [Theory]
    [MemberData(nameof(Aggregations))]
    public async Task QueryRange_EqualsSqliteStore_OnRandomData(Aggregation aggregation)
    {
        var random = new Random(20250301 + (int)aggregation);
        var measurement = $"range_{aggregation}".ToLowerInvariant();
        var points = RandomPoints(random, measurement, 3 * Day, 2_000);
        await using var folder = new StoreFolder();
        var sqlite = folder.Open();
        using var influx = InfluxStores.Open(_server);
        await sqlite.WriteAsync(points);
        await influx.WriteAsync(points);
        var selector = new SeriesSelector(measurement, "pm25");

        for (var q = 0; q < 25; q++)
        {
            var from = Start - Day / 2 + random.NextInt64(3 * Day);
            var to = from + 1 + random.NextInt64(q % 3 == 0 ? Day / 24 : 3 * Day);
            var query = new RangeQuery(selector, from, to, random.Next(1, 400), aggregation);

            AssertSame(query, await sqlite.QueryRangeAsync(query), await influx.QueryRangeAsync(query), points);
        }
    }

    /// <summary>
    /// Widths of a week and of several days are where epoch alignment shows: 1970-01-01 was a Thursday, so a
    /// week-wide bucket starts on Thursdays, not Mondays, and a 9-day bucket on a multiple of 9 days since then.
    /// </summary>
    [Theory]
    [InlineData(Aggregation.Sum, 2)]
    [InlineData(Aggregation.Mean, 5)]
    [InlineData(Aggregation.Last, 17)]
    [InlineData(Aggregation.Max, 52)]
    [InlineData(Aggregation.Min, 240)]
    public async Task QueryRange_AlignsWideBucketsToTheEpoch_AsBucketPlanAndSqliteDo(Aggregation aggregation, int maxBuckets)
    {
        var random = new Random(maxBuckets);
        var measurement = $"wide_{aggregation}_{maxBuckets}".ToLowerInvariant();
        var points = RandomPoints(random, measurement, 400 * Day, 1_500);
        await using var folder = new StoreFolder();
        var sqlite = folder.Open();
        using var influx = InfluxStores.Open(_server);
        await sqlite.WriteAsync(points);
        await influx.WriteAsync(points);
        var widths = new HashSet<long>();

        foreach (var (from, to) in new[] { (Start - 3 * Day + 17, Start + 400 * Day), (Start + 33 * Day + 5 * Second, Start + 95 * Day), (Start + 1, Start + 13 * Day - 1) })
        {
            var query = new RangeQuery(new SeriesSelector(measurement, "pm25"), from, to, maxBuckets, aggregation);
            var expected = await sqlite.QueryRangeAsync(query);
            var actual = await influx.QueryRangeAsync(query);

            AssertSame(query, expected, actual, points);
            Assert.All(actual.SelectMany(r => r.Values), b => Assert.Equal(0, b.Timestamp % actual[0].BucketWidth));
            widths.Add(actual[0].BucketWidth);
        }

        Assert.Contains(widths, w => w >= Day);
    }

    [Fact]
    public async Task QueryRange_LeavesOutSeriesWithoutPointsInRange()
    {
        using var influx = InfluxStores.Open(_server);
        await influx.WriteAsync(Valid(
        [
            Point("sparse", [("station", "early")], "v", 1, Start),
            Point("sparse", [("station", "late")], "v", 2, Start + Day),
        ]));

        var ranges = await influx.QueryRangeAsync(new RangeQuery(new SeriesSelector("sparse", "v"), Start + Day / 2, Start + 2 * Day, 24, Aggregation.Mean));

        var range = Assert.Single(ranges);
        Assert.Equal("late", range.Series.GetTag("station"));
    }

    private static void AssertSame(RangeQuery query, IReadOnlyList<SeriesRange> expected, IReadOnlyList<SeriesRange> actual, IReadOnlyList<MetricPoint> points)
    {
        var plan = BucketPlan.Create(query.From, query.To, query.MaxBuckets);
        var context = $"{query.Aggregation} from {query.From} to {query.To}, max {query.MaxBuckets} buckets, width {plan.Width} ns";
        Assert.True(expected.Select(r => r.Series).SequenceEqual(actual.Select(r => r.Series)), $"other series for {context}");
        for (var s = 0; s < expected.Count; s++)
        {
            var (want, got) = (expected[s], actual[s]);
            Assert.Equal(plan.Width, got.BucketWidth);
            Assert.Equal("pm25", got.Field);
            Assert.True(want.Values.Select(v => v.Timestamp).SequenceEqual(got.Values.Select(v => v.Timestamp)), $"other buckets for {want.Series} at {context}");

            // Sums and means are compared to the sum of magnitudes in the bucket: the stores add in different orders.
            var magnitudes = Downsampler.Aggregate(
                points.Where(p => p.Series.Equals(want.Series) && p.Timestamp >= query.From && p.Timestamp < query.To).Select(p => (p.Timestamp, Math.Abs(p.Fields[0].Value))),
                plan,
                query.Aggregation is Aggregation.Mean ? Aggregation.Mean : Aggregation.Sum);
            for (var i = 0; i < want.Values.Count; i++)
            {
                var (e, a) = (want.Values[i].Value, got.Values[i].Value);
                if (query.Aggregation is Aggregation.Mean or Aggregation.Sum)
                {
                    Assert.True(Math.Abs(e - a) <= 1e-9 * magnitudes[i].Value, $"{context}: expected {e:R}, got {a:R}");
                }
                else
                {
                    Assert.True(e == a, $"{context}: expected {e:R}, got {a:R} in bucket {want.Values[i].Timestamp}");
                }
            }
        }
    }

    /// <summary>Whole milliseconds (the store's precision), at most one value per series and time, values of mixed sign and size.</summary>
    private static IReadOnlyList<MetricPoint> RandomPoints(Random random, string measurement, long span, int perStation)
    {
        var points = new List<MetricPoint>();
        foreach (var station in Stations)
        {
            var times = new HashSet<long>();
            while (times.Count < perStation)
            {
                times.Add(Start + random.NextInt64(span / Millisecond) * Millisecond);
            }

            foreach (var time in times)
            {
                var value = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 6));
                points.Add(Point(measurement, [("province", "Nghệ An"), ("station", station)], "pm25", value, time));
            }
        }

        return Valid(points);
    }
}
