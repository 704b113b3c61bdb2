using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Features.Query;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Ingest;

public sealed class IngestServerFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Ingest:MaxBodyBytes"] = "1048576" });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

public sealed class IngestApiTests(IngestServerFixture fixture) : IClassFixture<IngestServerFixture>
{
    private IocServer Server => fixture.Server;

    private static long NowSeconds => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task Write_ReachesSubscribedHubClientAndQueryApi()
    {
        var measurement = "ingest_live_" + Guid.NewGuid().ToString("N")[..8];
        var key = $"{measurement},unit=Phường\\ Hà\\ Huy\\ Tập";
        await using var client = await LiveClient.ConnectAsync(Server);
        var subscription = await client.SubscribeSeriesAsync(key);
        Assert.False(string.IsNullOrEmpty(subscription.Stream));

        var ts = NowSeconds;
        var response = await PostAsync($"{key} online_rate=81.17,received=1520i {ts}", "s");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var point = await client.WaitForAsync(p => p.Key == key, TimeSpan.FromSeconds(5));
        Assert.Equal(measurement, point.Measurement);
        Assert.Equal("Phường Hà Huy Tập", point.Tags["unit"]);
        Assert.Equal(81.17, point.Fields["online_rate"]);
        Assert.Equal(1520, point.Fields["received"]);
        Assert.Equal(ts * 1000d, point.Time);
        Assert.Equal(1, point.Seq);

        var last = await LastAsync(measurement, "online_rate");
        var series = Assert.Single(last.Results[0].Series);
        Assert.Equal(key, series.Key);
        Assert.Equal(81.17, series.Value);
        Assert.Equal(ts * 1000d, series.Time);
    }

    [Fact]
    public async Task Write_RejectsWholeBatch_WhenOneLineIsInvalid()
    {
        var measurement = "ingest_bad_" + Guid.NewGuid().ToString("N")[..8];
        var ts = NowSeconds;
        var body = $"{measurement},unit=a value=1 {ts}\n{measurement},unit=b value=NaN {ts}\n{measurement},unit=c value=3 {ts}\n";

        var response = await PostAsync(body, "s");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var line = problem.RootElement.GetProperty("lines")[0];
        Assert.Equal(2, line.GetProperty("line").GetInt32());
        Assert.Contains("value", line.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("line 2", problem.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty((await LastAsync(measurement, "value")).Results[0].Series);
    }

    [Fact]
    public async Task Write_RejectsAPointAnHourAhead_SoAWallCannotShowItAsLive()
    {
        var measurement = "ingest_future_" + Guid.NewGuid().ToString("N")[..8];
        var ahead = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();

        var response = await PostAsync($"{measurement},unit=a value=1 {ahead}\n", "s");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await LastAsync(measurement, "value")).Results[0].Series);
    }

    [Fact]
    public async Task Write_AcceptsGzipBody()
    {
        var measurement = "ingest_gzip_" + Guid.NewGuid().ToString("N")[..8];
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = string.Join('\n', Enumerable.Range(0, 500).Select(i => $"{measurement},unit=u{i % 5} value={i} {ts - i}"));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(lines));
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await Server.Http.PostAsync("/api/v1/write?precision=ms", content);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var last = await LastAsync(measurement, "value");
        Assert.Equal(5, last.Results[0].Series.Count);
        Assert.Equal(0, last.Results[0].Series.Single(s => s.Tags["unit"] == "u0").Value);
    }

    [Fact]
    public async Task Write_Returns413_WhenBodyExceedsLimit()
    {
        var line = $"big,unit=x value=1 {NowSeconds}\n";
        var body = string.Concat(Enumerable.Repeat(line, (1_048_576 / line.Length) + 10));

        var response = await PostAsync(body, "s");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Write_Returns413_WhenGzipInflatesPastLimit()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 4; i++)
            {
                await gzip.WriteAsync(zeros);
            }
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentEncoding.Add("gzip");
        var response = await Server.Http.PostAsync("/api/v1/write", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Write_Returns400_WhenPrecisionIsUnknown()
    {
        var response = await PostAsync($"m value=1 {NowSeconds}", "fortnights");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("fortnights", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_UsesServerTime_WhenLineHasNoTimestamp()
    {
        var measurement = "ingest_notime_" + Guid.NewGuid().ToString("N")[..8];
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(HttpStatusCode.NoContent, (await PostAsync($"{measurement} value=7", null)).StatusCode);

        var series = Assert.Single((await LastAsync(measurement, "value")).Results[0].Series);
        Assert.InRange(series.Time, before - 1, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 1);
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? precision)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        return await Server.Http.PostAsync(precision is null ? "/api/v1/write" : $"/api/v1/write?precision={precision}", content);
    }

    private async Task<QueryResponse<LastSeries>> LastAsync(string measurement, string field)
    {
        var response = await Server.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, field } } });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<QueryResponse<LastSeries>>())!;
    }
}
