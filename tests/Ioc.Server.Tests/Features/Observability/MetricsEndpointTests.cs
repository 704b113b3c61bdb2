using System.Net;
using System.Text;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Observability;

/// <summary><c>/metrics</c> as Prometheus scrapes it: valid text format, and counters that follow what Ioc does.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private static readonly string[] Families =
    [
        "ioc_ingest_points_total", "ioc_ingest_batches_total", "ioc_ingest_rejected_lines_total",
        "ioc_spool_depth_points", "ioc_spool_depth_bytes", "ioc_spool_limit_bytes", "ioc_spool_replayed_points_total", "ioc_spool_dropped_points_total",
        "ioc_collector_runs_total", "ioc_collector_run_duration_seconds", "ioc_hub_connections", "ioc_hub_messages_sent_total",
        "ioc_hub_messages_dropped_total", "ioc_screens",
    ];

    private IocServer _server = null!;
    private Session _scraper = null!;

    public async Task InitializeAsync()
    {
        _server = await IocServer.StartAsync();
        _scraper = Session.Anonymous(_server.BaseUrl);
        _scraper.Http.DefaultRequestHeaders.Authorization = new("Bearer", await _server.Admin.CreateMetricsKeyAsync());
    }

    public async Task DisposeAsync()
    {
        _scraper.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_ParsesAsPrometheusText_DeclaringEveryIocMetric_WithHelpTypeAndUnitInTheName()
    {
        using var response = await _scraper.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = PrometheusText.Parse(text);
        foreach (var family in Families)
        {
            Assert.Contains($"# HELP {family} ", text, StringComparison.Ordinal);
            Assert.Contains($"# TYPE {family} ", text, StringComparison.Ordinal);
        }

        Assert.Contains("# TYPE ioc_collector_run_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE ioc_hub_connections gauge", text, StringComparison.Ordinal);
        Assert.All(text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal) && l.EndsWith(" counter", StringComparison.Ordinal)), l => Assert.Contains("_total ", l, StringComparison.Ordinal));
        foreach (var state in new[] { "ok", "silent", "stale" })
        {
            Assert.Equal(0, Value(samples, "ioc_screens", ("state", state)));
        }

        Assert.Equal(0, Value(samples, "ioc_ingest_points_total", ("source", "write")));
    }

    [Fact]
    public async Task Counters_Move_WithWritesRejectedLinesCollectorRunsAndHubTraffic()
    {
        var before = await ScrapeAsync();
        await using var screen = await LiveClient.ConnectAsync(_server);
        await screen.SubscribeDashboardAsync("operations-wall");
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var accepted = await WriteAsync($"dvc_records,level=province online_rate=97.25 {ts}\nmetrics_test,unit=HT value=1 {ts}\nmetrics_test,unit=HT value=2 {ts + 1}");
        var rejected = await WriteAsync($"metrics_test,unit=HT value=oops {ts}\nmetrics_test,unit=HT {ts}\nmetrics_test,unit=HT value=3 {ts}");
        await screen.WaitForAsync(p => p.Fields.TryGetValue("online_rate", out var v) && v == 97.25, TimeSpan.FromSeconds(10));
        var run = await _server.Get<CollectorRunner>().RunAsync("payments-online", DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5));
        var after = await ScrapeAsync();

        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Equal(CollectorRunOutcome.Succeeded, run.Outcome);
        Assert.True(run.Points > 0);
        Assert.Equal(3, Delta(before, after, "ioc_ingest_points_total", ("source", "write")));
        Assert.Equal(1, Delta(before, after, "ioc_ingest_batches_total", ("source", "write")));
        Assert.Equal(2, Delta(before, after, "ioc_ingest_rejected_lines_total"));
        Assert.Equal(run.Points, Delta(before, after, "ioc_ingest_points_total", ("source", "http-json")));
        Assert.Equal(1, Delta(before, after, "ioc_ingest_batches_total", ("source", "http-json")));
        Assert.Equal(1, Delta(before, after, "ioc_collector_runs_total", ("collector", "payments-online"), ("outcome", "succeeded")));
        Assert.Equal(1, Delta(before, after, "ioc_collector_run_duration_seconds_count", ("collector", "payments-online")));
        Assert.Equal(run.Duration.TotalSeconds, Delta(before, after, "ioc_collector_run_duration_seconds_sum", ("collector", "payments-online")), 3);
        Assert.Equal(1, Delta(before, after, "ioc_hub_connections"));
        Assert.True(Delta(before, after, "ioc_hub_messages_sent_total") >= 1, "no live message counted");
    }

    private async Task<IReadOnlyList<PrometheusSample>> ScrapeAsync()
    {
        using var response = await _scraper.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> WriteAsync(string lines)
    {
        using var machine = Session.Anonymous(_server.BaseUrl);
        machine.Http.DefaultRequestHeaders.Authorization = new("Token", _server.WriteKey);
        using var body = new StringContent(lines, Encoding.UTF8, "text/plain");
        return await machine.Http.PostAsync("/api/v1/write?precision=ms", body);
    }

    /// <summary>A sample's value; a labelled series not yet created counts as 0, as Prometheus's rate() treats it.</summary>
    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Key, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Sum(s => s.Value);

    private static double Delta(IReadOnlyList<PrometheusSample> before, IReadOnlyList<PrometheusSample> after, string name, params (string Key, string Value)[] labels) =>
        Value(after, name, labels) - Value(before, name, labels);
}
