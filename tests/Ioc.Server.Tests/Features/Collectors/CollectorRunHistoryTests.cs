using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>
/// Every run, scheduled, replayed or failed, is kept in the configuration store and read back through
/// <c>GET /api/v1/collectors/{id}/runs</c>, newest first, with the failure's reason redacted.
/// </summary>
public sealed class CollectorRunHistoryTests : IAsyncLifetime
{
    private readonly string _collectors = Directory.CreateTempSubdirectory("ioc-history-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", "payments-online.yaml"), Path.Combine(_collectors, "payments-online.yaml"));
        File.WriteAllText(Path.Combine(_collectors, "broken.yaml"), """
            apiVersion: ioc/v1
            id: broken-source
            kind: http-json
            schedule: "*/5 * * * * *"
            timeout: 2s
            spec:
              url: http://127.0.0.1:1/report?token=s3cret-token
              mappings:
                - measurement: broken
                  fields: { value: $.value }
            """);
        File.WriteAllText(Path.Combine(_collectors, "paused.yaml"), """
            apiVersion: ioc/v1
            id: paused-source
            kind: http-json
            schedule: "*/5 * * * * *"
            enabled: false
            spec:
              url: http://127.0.0.1:1/report
              mappings:
                - measurement: paused
                  fields: { value: $.value }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task Runs_AreKeptNewestFirst_WithReplaysMarked_AndFailuresRedacted()
    {
        var runner = _server.Get<CollectorRunner>();
        var slot = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5);
        var payments = (await JsonDocument.ParseAsync(await _server.Http.GetStreamAsync("/api/v1/collectors"))).RootElement
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Single(id => id.StartsWith("payments", StringComparison.Ordinal));

        await runner.RunAsync(payments, slot.AddMinutes(-10), replay: true);
        await runner.RunAsync(payments, slot);
        await runner.RunAsync("broken-source", slot);

        var runs = await RunsAsync(payments, expected: 2);
        Assert.Equal([slot, slot.AddMinutes(-10)], runs.Select(r => r.GetProperty("slot").GetDateTimeOffset()));
        Assert.Equal(["succeeded", "succeeded"], runs.Select(r => r.GetProperty("outcome").GetString()));
        Assert.Equal([false, true], runs.Select(r => r.GetProperty("replay").GetBoolean()));
        Assert.All(runs, r => Assert.True(r.GetProperty("points").GetInt32() > 0));
        Assert.All(runs, r => Assert.Equal(Environment.MachineName, r.GetProperty("node").GetString()));

        var failed = Assert.Single(await RunsAsync("broken-source", expected: 1));
        Assert.Equal("failed", failed.GetProperty("outcome").GetString());
        Assert.Contains("127.0.0.1:1/report", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", failed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_AreEachExactlyOneOfFreshLateFailingOrDisabled_FromTheHistory()
    {
        var runner = _server.Get<CollectorRunner>();
        var payments = (await JsonDocument.ParseAsync(await _server.Http.GetStreamAsync("/api/v1/collectors"))).RootElement
            .EnumerateArray().Select(c => c.GetProperty("id").GetString()!).Single(id => id.StartsWith("payments", StringComparison.Ordinal));
        var before = await SourcesAsync();
        await runner.RunAsync(payments, DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5));
        await runner.RunAsync("broken-source", DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5));
        await RunsAsync("broken-source", expected: 1);
        await RunsAsync(payments, expected: 1);

        var after = await SourcesAsync();

        Assert.Equal("late", before[payments].GetProperty("state").GetString());
        Assert.Equal("fresh", after[payments].GetProperty("state").GetString());
        Assert.True(after[payments].GetProperty("ageSeconds").GetDouble() < after[payments].GetProperty("expectedFreshnessSeconds").GetDouble());
        Assert.Equal("failing", after["broken-source"].GetProperty("state").GetString());
        Assert.DoesNotContain("s3cret", after["broken-source"].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Equal("disabled", after["paused-source"].GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("/api/v1/collectors/no-such-collector/runs", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/collectors/broken-source/runs?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/collectors/broken-source/runs?limit=1001", HttpStatusCode.BadRequest)]
    public async Task Runs_OfAnUnknownCollectorOrWithABadLimit_AreRefused(string path, HttpStatusCode status)
    {
        Assert.Equal(status, (await _server.Http.GetAsync(path)).StatusCode);
    }

    private async Task<Dictionary<string, JsonElement>> SourcesAsync() =>
        (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/sources")).EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);

    /// <summary>Runs reach the store in batches off the run's path: wait for them.</summary>
    private async Task<List<JsonElement>> RunsAsync(string id, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> runs;
        do
        {
            runs = [.. (await _server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/collectors/{id}/runs")).EnumerateArray()];
            if (runs.Count >= expected)
            {
                return runs;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"{id}: {runs.Count} runs in the history, {expected} expected");
        return runs;
    }
}
