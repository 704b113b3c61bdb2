using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;

namespace Ioc.Server.Tests.Features.Observability;

/// <summary>The spool's gauges and counters on <c>/metrics</c> follow a real InfluxDB outage and its replay.</summary>
public sealed class SpoolMetricsTests : IAsyncLifetime
{
    private readonly InfluxDbServer _influx = new();
    private string _dataDir = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        await _influx.InitializeAsync();
        _dataDir = Directory.CreateTempSubdirectory("ioc-spool-metrics-").FullName;
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:Storage:Kind"] = "InfluxDb",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:InfluxDb:Timeout"] = "00:00:02",
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_dataDir, "spool"),
            ["Ioc:Storage:Spool:MaxBackoff"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _influx.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task SpoolDepth_RisesWhileInfluxDbIsDown_AndReplayedPointsCount_OnceItIsBack()
    {
        var ts = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        await _influx.StopAsync();
        var body = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"spool_metrics,unit=HT value={i} {ts + i}"));
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/write?precision=ms", content)).StatusCode);

        var during = await ScrapeAsync();
        await _influx.StartAgainAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var after = await ScrapeAsync();
        while (Value(after, "ioc_spool_depth_points") > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            after = await ScrapeAsync();
        }

        Assert.Equal(50, Value(during, "ioc_spool_depth_points"));
        Assert.True(Value(during, "ioc_spool_depth_bytes") > 0);
        Assert.True(Value(during, "ioc_spool_limit_bytes") >= Value(during, "ioc_spool_depth_bytes"));
        Assert.Equal(0, Value(after, "ioc_spool_depth_points"));
        Assert.Equal(0, Value(after, "ioc_spool_depth_bytes"));
        Assert.Equal(50, Value(after, "ioc_spool_replayed_points_total") - Value(during, "ioc_spool_replayed_points_total"));
        Assert.Equal(0, Value(after, "ioc_spool_dropped_points_total"));
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var response = await _server.Admin.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name) => samples.Single(s => s.Name == name).Value;
}
