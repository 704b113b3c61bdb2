using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Server.Live;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Live;

/// <summary>The shapes points travel in, and how batches are gathered into frames.</summary>
public sealed class LiveWireTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task CompactScreen_ReceivesKeyTimeSeqAndFields_WhileAFullScreenReceivesTheDocumentedPoint()
    {
        var compact = new ConcurrentQueue<JsonElement>();
        await using var compactScreen = new HubConnectionBuilder().WithUrl($"{Server.BaseUrl}/hubs/live?points=compact", o => o.Cookies = Server.Cookies).Build();
        compactScreen.On<JsonElement>("CompactPoints", compact.Enqueue);
        var fullToCompact = 0;
        compactScreen.On<JsonElement>("Points", _ => Interlocked.Increment(ref fullToCompact));
        await compactScreen.StartAsync();
        await compactScreen.InvokeAsync<Subscription>("SubscribeDashboard", "operations-wall");
        await using var fullScreen = await LiveClient.ConnectAsync(Server);
        await fullScreen.SubscribeDashboardAsync("operations-wall");
        var marker = Random.Shared.Next(1_000_000, 9_000_000);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        await PostAsync($"edoc_exchange,level=commune,unit=HT-{marker},unit_name=Xã\\ Thạch\\ Hà electronic_rate=92.35,sent_today={marker}i {ts}");

        var full = await fullScreen.WaitForAsync(p => p.Fields.GetValueOrDefault("sent_today") == marker, TimeSpan.FromSeconds(5));
        var batch = await WaitAsync(compact, b => b.GetRawText().Contains(marker.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Equal("operations-wall", batch.GetProperty("dashboard").GetString());
        var row = batch.GetProperty("points").EnumerateArray().Single(p => p[0].GetString() == full.Key);
        Assert.Equal(4, row.GetArrayLength());
        Assert.Equal(full.Time, row[1].GetDouble());
        Assert.Equal(full.Seq, row[2].GetInt64());
        Assert.Equal(92.35, row[3].GetProperty("electronic_rate").GetDouble());
        Assert.Equal(marker, row[3].GetProperty("sent_today").GetDouble());

        // Names travel as UTF-8, not \u escapes; a .NET client reads the batch back whole.
        Assert.Contains("Xã\\\\ Thạch\\\\ Hà", batch.GetRawText(), StringComparison.Ordinal);
        var read = batch.Deserialize<CompactLiveBatch>(Web)!;
        var point = read.Points.Single(p => p.Key == full.Key);
        Assert.Equal(full.Measurement, point.Measurement);
        Assert.Equal(full.Tags, point.Tags);
        Assert.Equal(full.Fields, point.Fields);
        Assert.Equal(0, Volatile.Read(ref fullToCompact));
    }

    [Fact]
    public async Task BatchesPublishedWithinOneFrame_LeaveTogether_NumberedInOrder()
    {
        var key = "hub_frame_" + Guid.NewGuid().ToString("N")[..8] + ",unit=HT";
        var batches = 0;
        await using var client = await LiveClient.ConnectAsync(Server);
        client.Connection.On<LiveBatch>("Points", _ => Interlocked.Increment(ref batches));
        await client.SubscribeSeriesAsync(key);
        var publisher = Server.Get<ILivePublisher>();
        var ns = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;

        // Twenty writes of one point each, as fast as collectors finishing together would store them.
        for (var i = 1; i <= 20; i++)
        {
            await publisher.PublishAsync([new MetricPoint(key.Split(',')[0], [new Tag("unit", "HT")], [new Field("value", i)], ns + i)]);
        }

        await client.WaitForAsync(p => p.Fields["value"] == 20, TimeSpan.FromSeconds(5));
        var received = client.Received.Select(r => r.Point).ToList();
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), received.Select(p => p.Seq));
        Assert.Equal(Enumerable.Range(1, 20).Select(i => (double)i), received.Select(p => p.Fields["value"]));
        Assert.InRange(Volatile.Read(ref batches), 1, 4);
    }

    private static async Task<JsonElement> WaitAsync(ConcurrentQueue<JsonElement> received, Func<JsonElement, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var batch in received)
            {
                if (match(batch))
                {
                    return batch;
                }
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"no matching compact batch within 5 s; received {received.Count}");
    }

    private async Task PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await Server.Http.PostAsync("/api/v1/write?precision=ms", content);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }
}
