using System.Diagnostics;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Storage.Tests.Sqlite;

/// <summary>A read whose caller has gone stops inside SQLite, rather than finishing a long aggregation for nobody.</summary>
public sealed class SqliteMetricStoreCancellationTests
{
    private const long Second = 1_000_000_000;
    private const int Points = 1_500_000;

    [Fact]
    public async Task QueryRange_StopsWithinMilliseconds_WhenCancelledDuringAnAggregation()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds() * Second;
        for (var batch = 0; batch < Points / 100_000; batch++)
        {
            await store.WriteAsync([.. Enumerable.Range(batch * 100_000, 100_000).Select(i =>
                new MetricPoint("heavy", [new Tag("unit", "HT")], [new Field("value", i)], start + (i * Second)))]);
        }

        var query = new RangeQuery(new SeriesSelector("heavy", "value"), start, start + (Points * Second), 5000, Aggregation.Mean);

        // Timed warm: the pooled connection keeps its page cache, so a cold first read would overstate the time.
        Assert.Single(await store.QueryRangeAsync(query));
        var whole = Stopwatch.StartNew();
        Assert.Single(await store.QueryRangeAsync(query));
        whole.Stop();
        Assert.True(whole.ElapsedMilliseconds > 80, $"the whole read took only {whole.ElapsedMilliseconds} ms; the test needs a longer one");

        // Cancelled a fifth of the way in, the read stops well before half of it.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(whole.ElapsedMilliseconds / 5));
        var cut = Stopwatch.StartNew();
        var stopped = await Record.ExceptionAsync(() => store.QueryRangeAsync(query, cancel.Token));
        cut.Stop();

        var cancelled = Assert.IsAssignableFrom<OperationCanceledException>(stopped);
        Assert.True(cut.ElapsedMilliseconds < whole.ElapsedMilliseconds / 2, $"cancelled after {whole.ElapsedMilliseconds / 5} ms, the read still ran {cut.ElapsedMilliseconds} ms of {whole.ElapsedMilliseconds} ms");
        Assert.Equal(cancel.Token, cancelled.CancellationToken);

        // The interrupted connection goes back to the pool in working order.
        Assert.Single(await store.QueryLastAsync(new SeriesSelector("heavy", "value")));
    }
}
