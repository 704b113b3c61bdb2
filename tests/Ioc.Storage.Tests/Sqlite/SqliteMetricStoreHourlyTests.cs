using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Data.Sqlite;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

/// <summary>Buckets of an hour and more are read from the hourly table: they must equal aggregating the points themselves.</summary>
public sealed class SqliteMetricStoreHourlyTests
{
    private const long Hour = 3_600 * Second;

    public static TheoryData<Aggregation> Aggregations => [.. Enum.GetValues<Aggregation>()];

    [Theory]
    [MemberData(nameof(Aggregations))]
    public async Task QueryRange_OverHourBuckets_EqualsThePoints_AfterRewritesInOneBatchAndInLaterOnes(Aggregation aggregation)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var random = new Random(20251206 + (int)aggregation);
        var values = new SortedDictionary<long, double>();

        // Three days of a point every 37 s, in batches that cut hours in two, then rewrites: a quarter of the
        // points again in later batches, some of them twice within one batch, and new points between them.
        var times = Enumerable.Range(0, 3 * 86_400 / 37).Select(i => Start + (i * 37 * Second)).ToList();
        foreach (var batch in times.Chunk(500))
        {
            await WriteAsync(store, values, batch.Select(t => (t, Math.Round((random.NextDouble() * 200) - 50, 3))));
        }

        for (var round = 0; round < 3; round++)
        {
            var rewrites = times.Where(_ => random.Next(4) == 0).Select(t => (t, Math.Round(random.NextDouble() * 100, 3))).ToList();
            var twice = rewrites.Take(50).Select(r => (r.t, r.Item2 + 1));
            var added = Enumerable.Range(0, 40).Select(_ => (Start + (random.NextInt64(3 * 86_400) * Second) + 1, random.NextDouble()));
            await WriteAsync(store, values, [.. rewrites, .. twice, .. added]);
        }

        var selector = new SeriesSelector("dvc_records", "online_rate");
        foreach (var (from, to, maxBuckets) in new[]
        {
            (Start, Start + (3 * 86_400 * Second), 72),
            (Start + (17 * Second), Start + (3 * 86_400 * Second) - (5 * Second), 30),
            (Start + (3 * Hour) + 1, Start + (50 * Hour) + 7, 24),
            (Start + (20 * Second), Start + Hour + (10 * Second), 1),
            (Start - (2 * Hour), Start + (9 * 86_400 * Second), 200),
        })
        {
            var plan = BucketPlan.Create(from, to, maxBuckets);
            Assert.Equal(0, plan.Width % Hour);
            var inRange = values.Where(v => v.Key >= from && v.Key < to).Select(v => (v.Key, v.Value)).ToList();
            var expected = Downsampler.Aggregate(inRange, plan, aggregation);
            var magnitudes = Downsampler.Aggregate(inRange.Select(p => (p.Key, Math.Abs(p.Value))), plan, aggregation);

            var actual = Assert.Single(await store.QueryRangeAsync(new RangeQuery(selector, from, to, maxBuckets, aggregation)));

            Assert.Equal(expected.Select(b => b.Timestamp), actual.Values.Select(b => b.Timestamp));
            for (var i = 0; i < expected.Count; i++)
            {
                AssertSameValue(aggregation, expected[i].Value, actual.Values[i].Value, magnitudes[i].Value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Aggregations))]
    public async Task Open_FillsTheHourlyTable_OfAFileFromVersionOne(Aggregation aggregation)
    {
        await using var folder = new StoreFolder();
        var values = new SortedDictionary<long, double>();
        var random = new Random(7 + (int)aggregation);
        await using (var first = folder.Open())
        {
            await WriteAsync(first, values, Enumerable.Range(0, 5_000).Select(i => (Start + (i * 61 * Second), Math.Round(random.NextDouble() * 1_000, 2))));
        }

        // What version 1 left: the points alone.
        SqliteConnection.ClearAllPools();
        Execute(folder.DatabasePath, "DROP TABLE points_hourly; PRAGMA user_version = 1;");

        var store = folder.Open();
        var (from, to) = (Start + (11 * Second), Start + (5_000 * 61 * Second));
        var plan = BucketPlan.Create(from, to, 40);
        var inRange = values.Where(v => v.Key >= from && v.Key < to).Select(v => (v.Key, v.Value)).ToList();
        var expected = Downsampler.Aggregate(inRange, plan, aggregation);
        var magnitudes = Downsampler.Aggregate(inRange.Select(p => (p.Key, Math.Abs(p.Value))), plan, aggregation);

        var actual = Assert.Single(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("dvc_records", "online_rate"), from, to, 40, aggregation)));

        Assert.Equal(0, plan.Width % Hour);
        Assert.Equal(expected.Select(b => b.Timestamp), actual.Values.Select(b => b.Timestamp));
        for (var i = 0; i < expected.Count; i++)
        {
            AssertSameValue(aggregation, expected[i].Value, actual.Values[i].Value, magnitudes[i].Value);
        }
    }

    private static async Task WriteAsync(Ioc.Storage.Sqlite.SqliteMetricStore store, SortedDictionary<long, double> values, IEnumerable<(long Time, double Value)> points)
    {
        var batch = points.ToList();
        await store.WriteAsync(Valid([.. batch.Select(p => Point("dvc_records", [("unit", "HT"), ("unit_name", "Tỉnh Hà Tĩnh")], "online_rate", p.Value, p.Time))]));
        foreach (var (time, value) in batch)
        {
            values[time] = value; // the last write of a time wins, within a batch too
        }
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static void AssertSameValue(Aggregation aggregation, double expected, double actual, double magnitude)
    {
        if (aggregation is Aggregation.Mean or Aggregation.Sum)
        {
            // Sums of hours added to sums of points: the last bits may differ from one naive sum.
            Assert.True(Math.Abs(expected - actual) <= 1e-9 * magnitude, $"{aggregation}: expected {expected:R}, got {actual:R}");
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }
}
