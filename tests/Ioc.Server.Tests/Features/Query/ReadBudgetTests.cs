using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Query;

/// <summary>
/// A read over its budget (<c>Ioc:Query:Timeout</c>) is stopped and answered 503 with what to do, a correlation id and
/// Retry-After; the server goes on serving. So is a dashboard's data read, which screens asking at once share.
/// </summary>
public sealed class ReadBudgetTests : IAsyncLifetime
{
    private const long Second = 1_000_000_000;
    private const int Points = 1_500_000;
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-budget-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        // Buckets under an hour read the points themselves, not the hourly roll-up.
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "budget-wall.json"), """
            {
              "apiVersion": "ioc/v1", "id": "budget-wall", "title": "Quá hạn", "timeWindow": "30d",
              "panels": [ { "id": "trend", "type": "timeseries", "title": "Xu hướng", "series": [ { "measurement": "budget", "field": "value" } ], "options": { "maxPoints": 2000 } } ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Query:Timeout"] = "00:00:00.100", ["Ioc:DashboardsPath"] = _dashboards });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task AReadOverItsBudget_Is503WithWhatToDo_AndTheServerGoesOn()
    {
        // Straight into the store: the budget is about reading, and ingest over HTTP would only make the test slower.
        var store = _server.Get<IMetricStore>();
        var start = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeSeconds() * Second;
        for (var batch = 0; batch < Points / 100_000; batch++)
        {
            await store.WriteAsync([.. Enumerable.Range(batch * 100_000, 100_000).Select(i =>
                new MetricPoint("budget", [new Tag("unit", "HT")], [new Field("value", i)], start + (i * Second)))]);
        }

        var fromMs = start / 1_000_000;
        var slow = await _server.Http.PostAsJsonAsync("/api/v1/query/range", new
        {
            queries = new[] { new { measurement = "budget", field = "value" } },
            from = fromMs,
            to = fromMs + (Points * 1000L),
            maxPoints = 5000,
        });
        var screens = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _server.Http.GetAsync("/api/v1/dashboards/budget-wall/data")));
        var quick = await _server.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement = "budget", field = "value" } } });

        var body = await slow.Content.ReadAsStringAsync();
        Assert.True(slow.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)slow.StatusCode} {body}");
        Assert.NotNull(slow.Headers.RetryAfter);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Contains("Ioc:Query:Timeout", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("shorter range", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("correlationId").GetString()));
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
        foreach (var screen in screens)
        {
            var text = await screen.Content.ReadAsStringAsync();
            Assert.True(screen.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)screen.StatusCode} {text}");
            Assert.Contains("Ioc:Query:Timeout", JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}
