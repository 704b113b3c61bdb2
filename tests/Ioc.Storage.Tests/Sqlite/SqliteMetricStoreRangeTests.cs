using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Sqlite;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SqliteMetricStoreRangeTests
{
    private const long Day = 86_400 * Second;

    public static TheoryData<Aggregation> Aggregations => [.. Enum.GetValues<Aggregation>()];

    [Theory]
    [MemberData(nameof(Aggregations))]
    public async Task QueryRange_EqualsDownsampler_OnRandomData(Aggregation aggregation)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var random = new Random(20250301 + (int)aggregation);
        var stored = await WriteRandomSeriesAsync(store, random, ["Vinh", "Cửa Lò", "Hoàng Mai"]);
        var selector = new SeriesSelector("air", "pm25");

        for (var q = 0; q < 25; q++)
        {
            var from = Start - Day / 2 + random.NextInt64(3 * Day);
            var to = from + 1 + random.NextInt64(q % 3 == 0 ? Day / 24 : 3 * Day);
            var maxBuckets = random.Next(1, 400);
            var plan = BucketPlan.Create(from, to, maxBuckets);

            var ranges = await store.QueryRangeAsync(new RangeQuery(selector, from, to, maxBuckets, aggregation));

            foreach (var (station, points) in stored)
            {
                var inRange = points.Where(p => p.Key >= from && p.Key < to).Select(p => (p.Key, p.Value)).ToList();
                var expected = Downsampler.Aggregate(inRange, plan, aggregation);
                var magnitudes = Downsampler.Aggregate(inRange.Select(p => (p.Key, Math.Abs(p.Value))), plan, aggregation);
                var actual = ranges.SingleOrDefault(r => r.Series.GetTag("station") == station);
                if (expected.Count == 0)
                {
                    Assert.Null(actual);
                    continue;
                }

                Assert.NotNull(actual);
                Assert.Equal(plan.Width, actual.BucketWidth);
                Assert.Equal("pm25", actual.Field);
                Assert.Equal(expected.Select(b => b.Timestamp), actual.Values.Select(b => b.Timestamp));
                for (var i = 0; i < expected.Count; i++)
                {
                    AssertSameValue(aggregation, expected[i].Value, actual.Values[i].Value, magnitudes[i].Value);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(240)]
    [InlineData(1_000)]
    public async Task QueryRange_ReturnsAtMostMaxBuckets_OrderedByBucketStart(int maxBuckets)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var points = Enumerable.Range(0, 7_200).Select(i => Point("grid", "load", i, Start + i * Second)).ToList();
        await store.WriteAsync(points);

        foreach (var (from, to) in new[] { (Start, Start + 7_200 * Second), (Start + 17 * Second, Start + 5_003 * Second), (Start - Day, Start + Day) })
        {
            var range = Assert.Single(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("grid", "load"), from, to, maxBuckets, Aggregation.Max)));

            Assert.InRange(range.Values.Count, 1, maxBuckets);
            Assert.All(range.Values, v => Assert.Equal(0, v.Timestamp % range.BucketWidth));
            Assert.True(range.Values.Zip(range.Values.Skip(1)).All(p => p.First.Timestamp < p.Second.Timestamp), "buckets are not in time order");
        }
    }

    [Fact]
    public async Task QueryRange_IncludesFrom_AndExcludesTo()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.WriteAsync([Point("gate", "open", 1, Start - 1), Point("gate", "open", 10, Start), Point("gate", "open", 100, Start + 60 * Second)]);

        var range = Assert.Single(await store.QueryRangeAsync(
            new RangeQuery(new SeriesSelector("gate", "open"), Start, Start + 60 * Second, 1, Aggregation.Sum)));

        Assert.Equal([new BucketValue(Start, 10)], range.Values);
        Assert.Equal(60 * Second, range.BucketWidth);
    }

    [Fact]
    public async Task QueryRange_ReturnsNothing_WhenNoSeriesMatches()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.WriteAsync([Point("gate", "open", 1, Start)]);

        Assert.Empty(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("gate", "closed"), Start, Start + Day, 10, Aggregation.Mean)));
        Assert.Empty(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("door", "open"), Start, Start + Day, 10, Aggregation.Mean)));
        Assert.Empty(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("gate", "open"), Start + 1, Start + Day, 10, Aggregation.Mean)));
    }

    [Fact]
    public async Task QueryRange_Throws_WhenTheRangeIsEmpty()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.QueryRangeAsync(new RangeQuery(new SeriesSelector("gate", "open"), Start, Start, 10, Aggregation.Mean)));
        await Assert.ThrowsAnyAsync<ArgumentException>(() =>
            store.QueryRangeAsync(new RangeQuery(new SeriesSelector("gate", "open"), Start, Start + Day, 0, Aggregation.Mean)));
    }

    /// <summary>Writes dense bursts and sparse stretches, then overwrites some; returns what should be stored per station.</summary>
    private static async Task<Dictionary<string, SortedDictionary<long, double>>> WriteRandomSeriesAsync(
        SqliteMetricStore store, Random random, string[] stations)
    {
        var stored = stations.ToDictionary(s => s, _ => new SortedDictionary<long, double>());
        var batch = new List<MetricPoint>();
        foreach (var station in stations)
        {
            var t = Start;
            for (var i = 0; i < 3_000; i++)
            {
                t += random.Next(4) == 0 ? random.NextInt64(1, 3_600 * Second) : random.NextInt64(1, 5 * Second);
                batch.Add(AirPoint(station, RandomValue(random), t));
            }
        }

        // Shuffled and split, so buckets are filled by several batches in no particular order.
        foreach (var chunk in batch.OrderBy(_ => random.Next()).Chunk(1_000))
        {
            await store.WriteAsync(chunk);
        }

        // Then a batch that rewrites some stored points, a few of them twice: the later write wins.
        var rewrites = new List<MetricPoint>();
        for (var i = 0; i < 300; i++)
        {
            var old = i < 250 ? batch[random.Next(batch.Count)] : rewrites[random.Next(rewrites.Count)];
            rewrites.Add(AirPoint(old.Series.GetTag("station")!, RandomValue(random), old.Timestamp));
        }

        await store.WriteAsync(rewrites);
        foreach (var point in batch.Concat(rewrites))
        {
            stored[point.Series.GetTag("station")!][point.Timestamp] = point.Fields[0].Value;
        }

        return stored;
    }

    private static MetricPoint AirPoint(string station, double value, long timestamp) =>
        Point("air", [("province", "Nghệ An"), ("station", station)], "pm25", value, timestamp);

    private static double RandomValue(Random random) => (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-3, 6));

    private static void AssertSameValue(Aggregation aggregation, double expected, double actual, double magnitude)
    {
        if (aggregation is Aggregation.Mean or Aggregation.Sum)
        {
            // SQLite adds with compensated summation, the reference adds naively: the last bits may differ,
            // by far less than this share of the summed magnitudes.
            Assert.True(Math.Abs(expected - actual) <= 1e-9 * magnitude, $"{aggregation}: expected {expected:R}, got {actual:R}");
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
