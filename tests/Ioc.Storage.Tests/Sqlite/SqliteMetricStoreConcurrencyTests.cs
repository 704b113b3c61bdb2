using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Sqlite;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SqliteMetricStoreConcurrencyTests
{
    private const int Writers = 4;
    private const int BatchesPerWriter = 25;
    private const int PointsPerBatch = 200;

    [Fact]
    public async Task WritesAndReads_AllSucceed_WhenTheyRunAtOnceOnOneStore()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        await RunAsync(Enumerable.Repeat(store, Writers).ToArray(), readers: [store, store]);

        await AssertEverythingStoredAsync(store);
    }

    [Fact]
    public async Task WritesAndReads_AllSucceed_WhenTwoStoresShareOneFile()
    {
        // Two stores on one file stand for two processes: their writers really contend for SQLite's lock.
        await using var folder = new StoreFolder();
        var first = folder.Open();
        var second = folder.Open();

        await RunAsync([first, second, first, second], readers: [first, second]);

        await AssertEverythingStoredAsync(first);
        await AssertEverythingStoredAsync(second);
    }

    private static async Task RunAsync(SqliteMetricStore[] writers, SqliteMetricStore[] readers)
    {
        using var stop = new CancellationTokenSource();
        using var readersRunning = new CountdownEvent(readers.Length);
        var readTasks = readers.Select(store => Task.Run(async () =>
        {
            var selector = new SeriesSelector("traffic", new Dictionary<string, string> { ["city"] = "Vinh" }, "vehicles");
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await store.QueryLastAsync(selector);
                await store.QueryRangeAsync(new RangeQuery(selector, Start, Start + 3_600 * Second, 240, Aggregation.Mean));
                Assert.True(await store.PingAsync());
                if (++reads == 1)
                {
                    readersRunning.Signal();
                }
            }

            return reads;
        })).ToArray();

        // Writing starts once every reader is going, so the reads really overlap the writes.
        await Task.Run(() => readersRunning.Wait(TimeSpan.FromSeconds(30)));
        var writeTasks = writers.Select((store, w) => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesPerWriter; b++)
            {
                var batch = Enumerable.Range(0, PointsPerBatch)
                    .Select(i => Point("traffic", [("city", "Vinh"), ("writer", $"w{w}"), ("lane", $"{i % 5}")], "vehicles", 1, Start + (b * PointsPerBatch + i) * Second))
                    .ToList();
                await store.WriteAsync(batch);
            }
        })).ToArray();

        try
        {
            await Task.WhenAll(writeTasks);
        }
        finally
        {
            await stop.CancelAsync();
        }

        Assert.All(await Task.WhenAll(readTasks), reads => Assert.True(reads > 1, "a reader stopped before the writes began"));
    }

    private static async Task AssertEverythingStoredAsync(SqliteMetricStore store)
    {
        var ranges = await store.QueryRangeAsync(new RangeQuery(
            new SeriesSelector("traffic", "vehicles"), Start, Start + BatchesPerWriter * PointsPerBatch * Second, 1, Aggregation.Sum));

        Assert.Equal(Writers * 5, ranges.Count);
        Assert.Equal(Writers * BatchesPerWriter * PointsPerBatch, ranges.Sum(r => Assert.Single(r.Values).Value));
    }
}
