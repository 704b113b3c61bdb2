using System.Net;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.InfluxDb;
using Ioc.Testing;
using Microsoft.Extensions.Logging;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.InfluxDb;

/// <summary>
/// Batching and refused lines against a real influxd. Request counts come from influxd's own counters
/// (SHOW STATS); tests of one class run one at a time, so the difference is this test's requests.
/// </summary>
public sealed class InfluxDbMetricStoreWriteTests : IClassFixture<InfluxDbServer>
{
    private readonly InfluxDbServer _server;

    public InfluxDbMetricStoreWriteTests(InfluxDbServer server) => _server = server;

    [Fact]
    public async Task Write_SplitsIntoRequestsOfAtMostBatchSize_AndStoresEveryPoint()
    {
        using var store = InfluxStores.Open(_server);
        var points = Enumerable.Range(0, 12_345)
            .Select(i => Point("batching", [("station", $"Trạm {i % 7}")], "v", i, Start + i * Second))
            .ToList();
        var before = await _server.StatAsync("httpd", "writeReq");

        await store.WriteAsync(points);

        Assert.Equal(3, await _server.StatAsync("httpd", "writeReq") - before);
        Assert.Equal(12_345, await _server.CountAsync("batching", "v"));
        Assert.Equal(0, store.RejectedPoints);
    }

    [Fact]
    public async Task Write_HonoursASmallerBatchSize()
    {
        using var store = InfluxStores.Open(_server, configure: o => o.BatchSize = 100);
        var before = await _server.StatAsync("httpd", "writeReq");

        await store.WriteAsync(Enumerable.Range(0, 250).Select(i => Point("small_batches", "v", i, Start + i * Second)).ToList());

        Assert.Equal(3, await _server.StatAsync("httpd", "writeReq") - before);
        Assert.Equal(250, await _server.CountAsync("small_batches", "v"));
    }

    [Fact]
    public async Task Write_StoresTheOtherLines_WhenInfluxRefusesOneForAFieldTypeConflict()
    {
        // The store writes floats; a field already holding integers makes InfluxDB 1.x refuse those lines.
        var (status, _) = await _server.WriteLinesAsync($"poison_int value=1i {Start / 1_000_000}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(_server, logger);
        var points = Enumerable.Range(0, 1_000).Select(i => Point("poison_ok", [("n", $"{i % 3}")], "value", i, Start + i * Second)).ToList();
        var bad = Point("poison_int", [("xã", "Nghi Phú")], "value", 2.5, Start + 10 * Second);
        points.Insert(617, bad);

        await store.WriteAsync(points);

        Assert.Equal(1_000, await _server.CountAsync("poison_ok", "value"));
        Assert.Equal(1, await _server.CountAsync("poison_int", "value"));
        Assert.Equal(1, store.RejectedPoints);
        var refused = Assert.Single(logger.Entries, e => e.Message.StartsWith("InfluxDB refused the line", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, refused.Level);
        Assert.Contains(LineProtocolFormatter.Format(bad, Precision.Milliseconds), refused.Message, StringComparison.Ordinal);
        Assert.Contains("field type conflict", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_IsolatesEachRefusedLine_AmongManyGoodOnes()
    {
        await _server.WriteLinesAsync($"scattered_int value=1i {Start / 1_000_000}");
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(_server, logger);
        var points = Enumerable.Range(0, 4_000).Select(i => Point("scattered_ok", "value", i, Start + i * Second)).ToList();
        foreach (var at in new[] { 0, 1_234, 1_235, 3_999 })
        {
            points.Insert(at, Point("scattered_int", [("at", $"{at}")], "value", at, Start + at * Second));
        }

        await store.WriteAsync(points);

        Assert.Equal(4_000, await _server.CountAsync("scattered_ok", "value"));
        Assert.Equal(4, store.RejectedPoints);
        Assert.Equal(4, logger.Entries.Count(e => e.Message.StartsWith("InfluxDB refused the line", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Write_IsolatesRefusedLines_OfABodySentAsItCame()
    {
        var ms = Start / 1_000_000;
        await _server.WriteLinesAsync($"received_int value=1i {ms}");
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(_server, logger, configure: o => o.BatchSize = 1_500);
        var lines = Enumerable.Range(0, 3_000).Select(i => $"received_ok,xã=Nghi\\ Phú value={i}.5 {ms + i * 1_000}").ToList();
        lines[5] = $"received_int,xã=Nghi\\ Phú value=5 {ms + 5_000}";
        lines[2_999] = $"received_int,xã=Nghi\\ Phú value=6 {ms + 6_000}";
        var batch = LineProtocolParser.Parse(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)), Precision.Milliseconds, 0, MetricValidator.Default);

        await store.WriteAsync(batch.Points);

        Assert.IsType<LineProtocolPoints>(batch.Points);
        Assert.Equal(2_998, await _server.CountAsync("received_ok", "value"));
        Assert.Equal(2, store.RejectedPoints);
        var refused = logger.Entries.Where(e => e.Message.StartsWith("InfluxDB refused the line", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, m => m.Contains(lines[5] + ":", StringComparison.Ordinal));
        Assert.Contains(refused, m => m.Contains(lines[2_999] + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_RefusesAWholeRequestInOneGo_WhenInfluxDroppedEveryPoint()
    {
        await _server.WriteLinesAsync($"all_int value=1i {Start / 1_000_000}");
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(_server, logger);
        var before = await _server.StatAsync("httpd", "writeReq");

        await store.WriteAsync(Enumerable.Range(1, 500).Select(i => Point("all_int", "value", i + 0.5, Start + i * Second)).ToList());

        Assert.Equal(500, store.RejectedPoints);
        Assert.Equal(1, await _server.StatAsync("httpd", "writeReq") - before);
        Assert.Equal(500, logger.Entries.Count(e => e.Message.StartsWith("InfluxDB refused the line", StringComparison.Ordinal)));
        Assert.Equal(1, await _server.CountAsync("all_int", "value"));
    }

    [Fact]
    public async Task Write_ThrowsStoreUnavailable_WhenTheDatabaseDoesNotExist()
    {
        var logger = new ListLogger<InfluxDbMetricStore>();
        using var store = InfluxStores.Open(_server.Url, "no_such_database", logger);

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.WriteAsync([Point("nodb", "v", 1, Start)]));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
        Assert.Contains("database not found", error.Message, StringComparison.Ordinal);
        Assert.Contains(_server.Url, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, store.RejectedPoints);
    }

    [Fact]
    public async Task Write_OfNothing_SendsNothing()
    {
        using var store = InfluxStores.Open(_server);
        var before = await _server.StatAsync("httpd", "writeReq");

        await store.WriteAsync([]);

        Assert.Equal(0, await _server.StatAsync("httpd", "writeReq") - before);
    }
}
