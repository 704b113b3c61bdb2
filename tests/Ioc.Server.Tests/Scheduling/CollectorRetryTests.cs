using System.Collections.Concurrent;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Scheduling;

/// <summary>
/// A provincial system behind a busy gateway: a local HTTP server that answers 503 before it answers, or always, or
/// 404. The server's runner tries again within the run only where asking again can help.
/// </summary>
public sealed class CollectorRetryTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Slot = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60);

    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);
    private WebApplication _source = null!;
    private string _collectors = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _source = builder.Build();
        _source.MapGet("/{name}/{failures:int}/{status:int}", (string name, int failures, int status) =>
            _hits.AddOrUpdate(name, 1, (_, n) => n + 1) <= failures
                ? Results.StatusCode(status)
                : Results.Json(new { queueLength = 17 }));
        await _source.StartAsync();
        var url = _source.Urls.First();

        _collectors = Directory.CreateTempSubdirectory("ioc-collectors-").FullName;
        foreach (var (id, path) in new[] { ("busy-gateway", "busy/2/503"), ("down-gateway", "down/99/503"), ("moved-source", "moved/99/404") })
        {
            await File.WriteAllTextAsync(Path.Combine(_collectors, id + ".yaml"), $$"""
                apiVersion: ioc/v1
                id: {{id}}
                name: Bộ phận một cửa — hàng chờ
                kind: http-json
                schedule: "0 * * * * *"
                timeout: 10s
                spec:
                  url: {{url}}/{{path}}
                  mappings:
                    - measurement: one_stop_queue
                      tags: { source: {{id}} }
                      fields: { length: $.queueLength }
                """);
        }

        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _source.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task SourceAnswering503Twice_ThenAnswering_IsOneSucceededRun_WithItsPointsStored()
    {
        var result = await _server.Get<CollectorRunner>().RunAsync("busy-gateway", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, _hits["busy"]);
        var stored = Assert.Single(await _server.Get<IMetricStore>().QueryLastAsync(
            new SeriesSelector("one_stop_queue", new Dictionary<string, string> { ["source"] = "busy-gateway" }, "length")));
        Assert.Equal(17, stored.Value);
        Assert.Equal(UnixTime.ToNanoseconds(Slot), stored.Timestamp);
        var run = Assert.Single(await HistoryAsync("busy-gateway"));
        Assert.Equal(CollectorRunOutcome.Succeeded, run.Outcome);
        Assert.Equal(1, run.Points);
    }

    [Fact]
    public async Task SourceAnswering503EveryTime_FailsAfterThreeAttempts_AndTheHistorySaysSo()
    {
        var result = await _server.Get<CollectorRunner>().RunAsync("down-gateway", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(3, _hits["down"]);
        var run = Assert.Single(await HistoryAsync("down-gateway"));
        Assert.Contains("answered 503", run.Error, StringComparison.Ordinal);
        Assert.EndsWith("(after 3 attempts)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceAnswering404_IsNotAskedAgain()
    {
        var result = await _server.Get<CollectorRunner>().RunAsync("moved-source", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(1, _hits["moved"]);
        Assert.DoesNotContain("attempts", result.Error, StringComparison.Ordinal);
    }

    private async Task<IReadOnlyList<CollectorRunRecord>> HistoryAsync(string collectorId)
    {
        var runs = _server.Get<ICollectorRunStore>();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<CollectorRunRecord> found;
        while ((found = await runs.ListRunsAsync(collectorId, 10)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return found;
    }
}
