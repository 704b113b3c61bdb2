using System.Diagnostics;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Testing;

namespace Ioc.Storage.Tests.InfluxDb;

/// <summary>
/// A read whose caller has gone stops inside influxd too: cancelling closes the connection, and InfluxDB aborts the
/// query it was running for it instead of finishing a long aggregation for nobody.
/// </summary>
public sealed class InfluxDbMetricStoreCancellationTests(InfluxDbServer server) : IClassFixture<InfluxDbServer>
{
    private const long Second = 1_000_000_000;
    private const int Points = 1_000_000;

    [Fact]
    public async Task QueryRange_StopsOnTheServer_WhenCancelledDuringAnAggregation()
    {
        using var store = InfluxStores.Open(server);
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds() * Second;
        for (var batch = 0; batch < Points / 50_000; batch++)
        {
            await store.WriteAsync([.. Enumerable.Range(batch * 50_000, 50_000).Select(i =>
                new MetricPoint("heavy", [new Tag("unit", $"u{i % 50}")], [new Field("value", i)], start + (i * Second)))]);
        }

        var query = new RangeQuery(new SeriesSelector("heavy", "value"), start, start + (Points * Second), 5000, Aggregation.Mean);
        var whole = Stopwatch.StartNew();
        var answer = await store.QueryRangeAsync(query);
        whole.Stop();

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30));
        var cut = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.QueryRangeAsync(query, cancel.Token));
        cut.Stop();
        var running = await RunningSelectsAsync();

        Assert.Equal(50, answer.Count);
        Assert.True(whole.ElapsedMilliseconds > 300, $"the whole read took only {whole.ElapsedMilliseconds} ms; the test needs a longer one");
        Assert.True(cut.ElapsedMilliseconds < whole.ElapsedMilliseconds / 2, $"cancelled after 30 ms, the caller still waited {cut.ElapsedMilliseconds} ms of {whole.ElapsedMilliseconds} ms");
        Assert.True(running == 0, $"influxd still ran {running} SELECT(s) after the caller had gone; the whole read takes {whole.ElapsedMilliseconds} ms");
    }

    /// <summary>SELECTs influxd is running, looked at within 200 ms of the cancellation (it aborts on the closed connection).</summary>
    private async Task<int> RunningSelectsAsync()
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(200);
        int running;
        do
        {
            var queries = await server.QueryAsync("SHOW QUERIES");
            running = queries.Split("SELECT", StringSplitOptions.None).Length - 1;
            if (running == 0)
            {
                return 0;
            }

            await Task.Delay(20);
        }
        while (DateTime.UtcNow < deadline);

        return running;
    }
}
