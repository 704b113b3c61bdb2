using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Live;
using Ioc.Server.Tests.Browser;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Cluster;

/// <summary>
/// Two Ioc nodes in production mode on one PostgreSQL, one InfluxDB and one Redis, behind the compose profile
/// "scale"'s nginx (deploy/nginx/ioc-scale.conf): a point accepted by either node reaches screens on both, numbered
/// once for the cluster; a screen whose node dies reconnects through the proxy to the other and ends with exactly the
/// points written meanwhile; a Redis that dies and comes back empty leaves no screen silently stale.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Dashboard = "cluster-check";
    private readonly InfluxDbServer _influx = new();
    private readonly PostgreSqlServer _postgres = new();
    private readonly RedisServer _redis = new();
    private readonly long _firstTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
    private string _folder = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_influx.InitializeAsync(), _postgres.InitializeAsync(), _redis.InitializeAsync());
        _folder = Directory.CreateTempSubdirectory("ioc-cluster-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "collectors"));
        Directory.CreateDirectory(Path.Combine(_folder, "dashboards"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "dashboards", $"{Dashboard}.json"), """
            {
              "apiVersion": "ioc/v1", "id": "cluster-check", "title": "Hai máy chủ", "timeWindow": "30m",
              "panels": [
                { "id": "probe", "type": "timeseries", "title": "Giao dịch thanh toán", "width": 6, "height": 2,
                  "series": [ { "measurement": "cluster_probe", "field": "value", "label": "Giao dịch" } ],
                  "options": { "maxPoints": 1000 } }
              ]
            }
            """);
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await Task.WhenAll(_influx.DisposeAsync(), _postgres.DisposeAsync(), _redis.DisposeAsync());
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task APointAcceptedByEitherNode_ReachesScreensOnBoth_InOneSequenceForTheCluster()
    {
        var (a, b) = await StartNodesAsync("ioc_cluster_seq");
        await using var _ = a;
        await using var __ = b;
        await using var onA = await ClusterNodes.HubAsync(a);
        await using var onB = await ClusterNodes.HubAsync(b);
        var receivedA = ClusterNodes.Record(onA);
        var receivedB = ClusterNodes.Record(onB);
        var subscriptionA = await onA.InvokeAsync<Subscription>("SubscribeDashboard", Dashboard);
        var subscriptionB = await onB.InvokeAsync<Subscription>("SubscribeDashboard", Dashboard);
        Assert.Equal(subscriptionA.Stream, subscriptionB.Stream);

        // A series watched directly on B, written only to A.
        const string watchedKey = "cluster_watch,unit=HT";
        await onB.InvokeAsync<Subscription>("SubscribeSeries", new[] { watchedKey });

        // Odd values to A, even to B, one write at a time: the order the cluster accepted them.
        for (var v = 1; v <= 20; v++)
        {
            await WriteAsync(v % 2 == 1 ? a : b, v, v);
        }

        await ClusterNodes.WriteLinesAsync(a, $"cluster_watch,unit=HT value=7 {_firstTime}");

        // Each node numbers in Redis and publishes after it answers the write, so the cluster's order need not be the
        // order of the writes, and batches of two nodes may cross on the way (a screen holds an early one back, see
        // connection.js). What holds: both screens get every point once, under one set of numbers with no gap.
        var orders = new List<string>();
        foreach (var (received, node) in new[] { (receivedA, "A"), (receivedB, "B") })
        {
            var points = (await ClusterNodes.WaitForAsync(received, p => p.Key == "cluster_probe", 20, node)).OrderBy(p => p.Point.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, 20).Select(v => (double)v), points.Select(p => p.Point.Fields["value"]).Order());
            var first = points[0].Point.Seq;
            Assert.Equal(Enumerable.Range(0, 20).Select(i => first + i), points.Select(p => p.Point.Seq));
            Assert.All(points, p => Assert.Equal(subscriptionA.Stream, p.Stream));
            orders.Add(string.Join(' ', points.Select(p => $"{p.Point.Seq}:{p.Point.Fields["value"]}")));
        }

        Assert.Equal(orders[0], orders[1]);
        output.WriteLine($"cluster order: {orders[0]}");

        var watched = await ClusterNodes.WaitForAsync(receivedB, p => p.Key == watchedKey, 1, "B (series)");
        Assert.Equal(7, watched[0].Point.Fields["value"]);

        // A node that joins later hears the same numbers as the others.
        var again = await b.Admin.Http.GetFromJsonAsync<JsonElement>($"/api/v1/dashboards/{Dashboard}/data");
        Assert.Equal(subscriptionA.Stream, again.GetProperty("stream").GetString());
        var resubscribed = await onA.InvokeAsync<Subscription>("SubscribeDashboard", Dashboard);
        Assert.Equal(receivedA.Where(p => p.Point.Key == "cluster_probe").Max(p => p.Point.Seq), resubscribed.Sequences["cluster_probe"]);
    }

    [Fact]
    public async Task AScreenWhoseNodeDies_ReconnectsThroughTheProxyToTheOther_AndShowsExactlyThePointsWrittenMeanwhile()
    {
        var (a, b) = await StartNodesAsync("ioc_cluster_kill");
        await using var _ = a;
        await using var __ = b;
        await using var proxy = await ClusterNodes.StartProxyAsync(a, b);
        var (screenNode, otherNode) = await ClusterNodes.NodeBehindProxyAsync(proxy, a, b);
        var (_, token) = await a.Admin.CreateDisplayTokenAsync(Dashboard, "Màn hình hai máy chủ");
        await using var context = await _browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, proxy.Url, token, Dashboard);
        await BrowserPages.WaitConnectionAsync(page, "live");

        // Written to the node the screen is not on.
        await WriteAsync(otherNode, 1, 5);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 5);

        // The screen's node dies like a power cut; points keep coming to the other meanwhile.
        await screenNode.KillAsync();
        await WriteAsync(otherNode, 6, 12);
        await BrowserPages.WaitConnectionAsync(page, "live", TimeSpan.FromSeconds(60));
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 12);
        Assert.Equal(Enumerable.Range(1, 12).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));

        await WriteAsync(otherNode, 13, 13);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 13);
        Assert.Equal(Enumerable.Range(1, 13).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));
        output.WriteLine($"the screen moved from {screenNode.BaseUrl} to {otherNode.BaseUrl}");
    }

    [Fact]
    public async Task RedisDyingAndComingBackEmpty_LeavesNoScreenSilentlyStale()
    {
        var (a, b) = await StartNodesAsync("ioc_cluster_redis");
        await using var _ = a;
        await using var __ = b;
        await using var proxy = await ClusterNodes.StartProxyAsync(a, b);
        var (screenNode, otherNode) = await ClusterNodes.NodeBehindProxyAsync(proxy, a, b);
        var (_, token) = await a.Admin.CreateDisplayTokenAsync(Dashboard, "Màn hình khi Redis dừng");
        await using var context = await _browser.NewContextAsync(new() { IgnoreHTTPSErrors = true });
        var page = await context.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, proxy.Url, token, Dashboard);
        await BrowserPages.WaitConnectionAsync(page, "live");
        await WriteAsync(otherNode, 1, 3);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 3);

        // Without Redis nothing can reach the screen live: it must say so, not sit there looking live.
        await _redis.StopAsync();
        await WaitNotLiveAsync(page, TimeSpan.FromSeconds(20));
        await WriteAsync(otherNode, 4, 6);
        await WriteAsync(screenNode, 7, 7);

        await _redis.StartAgainAsync();
        await BrowserPages.WaitConnectionAsync(page, "live", TimeSpan.FromSeconds(90));
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 7);
        Assert.Equal(Enumerable.Range(1, 7).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));

        // Live again across nodes, numbered afresh by the Redis that came back empty.
        await WriteAsync(otherNode, 8, 8);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 8);
        Assert.Equal(Enumerable.Range(1, 8).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));
        var ready = await a.Probe.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    [Fact]
    public async Task NodesStartedBeforeRedis_TakeWrites_AndServeScreensOnceRedisAnswers()
    {
        await _redis.StopAsync();
        try
        {
            var (a, b) = await StartNodesAsync("ioc_cluster_late_redis");
            await using var _ = a;
            await using var __ = b;
            await WriteAsync(a, 1, 1);
            var ready = await a.Probe.GetAsync(new Uri("/readyz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());

            await _redis.StartAgainAsync();
            await ClusterNodes.WaitRedisHealthyAsync(a);
            await ClusterNodes.WaitRedisHealthyAsync(b);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                try
                {
                    await using var onB = await ClusterNodes.HubAsync(b);
                    var received = ClusterNodes.Record(onB);
                    await onB.InvokeAsync<Subscription>("SubscribeDashboard", Dashboard);
                    await WriteAsync(a, 2, 2);
                    var points = await ClusterNodes.WaitForAsync(received, p => p.Key == "cluster_probe", 1, "B");
                    Assert.Equal(2, points.Single().Point.Fields["value"]);
                    break;
                }
                catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or HttpRequestException or InvalidOperationException && DateTime.UtcNow < deadline)
                {
                    output.WriteLine($"not yet: {ex.Message}");
                    await Task.Delay(500);
                }
            }
        }
        finally
        {
            await _redis.StartAgainAsync();
        }
    }

    [Fact]
    public async Task SessionsLockoutsScreensReloadsAndRevocations_HoldAcrossNodes()
    {
        var (a, b) = await StartNodesAsync("ioc_cluster_access");
        await using var _ = a;
        await using var __ = b;

        // Signed in on A, the same cookie is good on B.
        using (var onB = ClusterNodes.ThroughProxyHeaders(b.BaseUrl, a.Admin.Cookies))
        {
            Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync(new Uri("/api/v1/admin/screens", UriKind.Relative))).StatusCode);
        }

        // Wrong passwords on A make the same address wait on B, even with the right password.
        using (var guesser = Session.BehindTlsProxy(a.BaseUrl, "203.0.113.7"))
        {
            for (var i = 0; i < 5; i++)
            {
                using var wrong = await guesser.PostSignInAsync("admin", $"sai-mat-khau-{i}");
                Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            }
        }

        using (var sameAddressOnB = Session.BehindTlsProxy(b.BaseUrl, "203.0.113.7"))
        {
            using var waiting = await sameAddressOnB.PostSignInAsync("admin", Session.AdminPassword);
            Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        }

        // A screen on B, seen, reloaded and revoked from A.
        var (tokenId, token) = await a.Admin.CreateDisplayTokenAsync(Dashboard, "Màn hình ở máy chủ B");
        using var kiosk = Session.BehindTlsProxy(b.BaseUrl, "198.51.100.20");
        Assert.True((await kiosk.Http.PostAsJsonAsync("/kiosk/session", new { token })).IsSuccessStatusCode);
        await using var screen = await ClusterNodes.HubAsync(b, kiosk.Cookies, "198.51.100.20");
        var reloads = new System.Collections.Concurrent.ConcurrentQueue<string>();
        screen.On<string>("Reload", reloads.Enqueue);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        screen.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await screen.InvokeAsync<Ioc.Server.Features.Screens.HeartbeatAnswer>("Heartbeat", new Ioc.Server.Features.Screens.ScreenHeartbeat(
            "cluster-screen-1", Dashboard, null, null, null, 12, 30_000_000, 4_000_000_000, 1, 1920, 1080, 1));

        var listed = await a.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/screens");
        Assert.Contains(listed.GetProperty("screens").EnumerateArray(), s => s.GetProperty("id").GetString() == "cluster-screen-1");
        Assert.Equal(HttpStatusCode.Accepted, (await a.Http.PostAsync(new Uri("/api/v1/admin/screens/cluster-screen-1/reload", UriKind.Relative), null)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (reloads.IsEmpty)
        {
            Assert.True(DateTime.UtcNow < deadline, "the reload asked on A never reached the screen on B");
            await Task.Delay(50);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await a.Http.DeleteAsync(new Uri($"/api/v1/admin/display-tokens/{tokenId}", UriKind.Relative))).StatusCode);
        Assert.Same(closed.Task, await Task.WhenAny(closed.Task, Task.Delay(TimeSpan.FromSeconds(15))));
    }

    private async Task<(IocProcess A, IocProcess B)> StartNodesAsync(string databaseName)
    {
        var database = await _postgres.CreateDatabaseAsync(databaseName);
        Dictionary<string, string> Settings(string node) => new()
        {
            ["Ioc:Mode"] = "Production",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_folder, databaseName + "-spool-" + node),
            ["Ioc:PostgreSql:ConnectionString"] = database,
            ["Ioc:CollectorsPath"] = Path.Combine(_folder, "collectors"),
            ["Ioc:DashboardsPath"] = Path.Combine(_folder, "dashboards"),
            ["Ioc:Live:Redis:Configuration"] = _redis.Configuration,
            ["Ioc:Live:Redis:Prefix"] = databaseName,
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        // The first creates the schema; the second joins it.
        var a = await IocProcess.StartAsync(Settings("a"));
        var b = await IocProcess.StartAsync(Settings("b"));
        return (a, b);
    }

    /// <summary>Values <paramref name="from"/>…<paramref name="to"/>, one per 10 s of data time, so no two share a bucket.</summary>
    private Task WriteAsync(IocProcess node, int from, int to) =>
        ClusterNodes.WriteLinesAsync(node, string.Join('\n', Enumerable.Range(from, to - from + 1)
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"cluster_probe value={v} {_firstTime + (v * 10_000L)}"))));

    private static async Task WaitNotLiveAsync(IPage page, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? now;
        while ((now = await page.EvaluateAsync<string?>("document.body.dataset.connection")) == "live")
        {
            Assert.True(DateTime.UtcNow < deadline, $"the screen still says '{now}' {timeout.TotalSeconds} s after Redis died");
            await Task.Delay(100);
        }
    }
}
