using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Access;
using Ioc.Server.Features.Sources;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Ioc.Server.Tests.Features.Sources;

/// <summary>
/// A wall asks, for its dashboard, the state of the sources behind each panel: a collector that fails, one an
/// administrator paused, and an API key that pushed are each told as they are, with no error text or address.
/// </summary>
public sealed class DashboardSourcesTests : IAsyncLifetime
{
    private readonly string _collectors = Directory.CreateTempSubdirectory("ioc-sources-").FullName;
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-sources-wall-").FullName;
    private volatile bool _sourceDown;
    private WebApplication _source = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _source = builder.Build();
        _source.MapGet("/report", () => _sourceDown
            ? Results.Text("{\"error\":\"Hệ thống đang bảo trì\"}", "application/json", statusCode: 503)
            : Results.Json(new { value = 81.2 }));
        await _source.StartAsync();
        var url = _source.Urls.Single() + "/report";

        foreach (var (id, measurement) in new[] { ("records-feed", "wall_records"), ("payments-feed", "wall_payments") })
        {
            await File.WriteAllTextAsync(Path.Combine(_collectors, id + ".yaml"), $"""
                apiVersion: ioc/v1
                id: {id}
                name: Nguồn {id}
                kind: http-json
                schedule: "*/5 * * * * *"
                timeout: 2s
                spec:
                  url: {url}
                  mappings:
                    - measurement: {measurement}
                      fields: {"{"} value: $.value {"}"}
                """);
        }

        await File.WriteAllTextAsync(Path.Combine(_dashboards, "sources-check.json"), """
            {
              "apiVersion": "ioc/v1", "id": "sources-check", "title": "Nguồn của bảng",
              "panels": [
                { "id": "records", "type": "stat", "title": "Hồ sơ", "series": [ { "measurement": "wall_records", "field": "value" } ] },
                { "id": "payments", "type": "stat", "title": "Thanh toán", "series": [ { "measurement": "wall_payments", "field": "value" } ] },
                { "id": "pushed", "type": "stat", "title": "Chất lượng không khí", "series": [ { "measurement": "wall_air", "field": "aqi" } ] },
                { "id": "unwritten", "type": "stat", "title": "Chưa có nguồn", "series": [ { "measurement": "wall_nothing", "field": "value" } ] }
              ]
            }
            """);
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "other-wall.json"), """
            {
              "apiVersion": "ioc/v1", "id": "other-wall", "title": "Bảng khác",
              "panels": [ { "id": "records", "type": "stat", "title": "Hồ sơ", "series": [ { "measurement": "wall_records", "field": "value" } ] } ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors, ["Ioc:DashboardsPath"] = _dashboards });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _source.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task Panel_ReportsItsCollectorFailing_AfterItFails_WithoutErrorTextOrAddress()
    {
        var runner = _server.Get<CollectorRunner>();
        var slot = Slot();
        Assert.Equal(CollectorRunOutcome.Succeeded, (await runner.RunAsync("records-feed", slot)).Outcome);
        await SourceOfAsync("records", "fresh");

        _sourceDown = true;
        Assert.Equal(CollectorRunOutcome.Failed, (await runner.RunAsync("records-feed", slot.AddSeconds(5))).Outcome);

        var source = await SourceOfAsync("records", "failing");
        Assert.Equal("collector:records-feed", source.GetProperty("source").GetString());
        Assert.Equal("Nguồn records-feed", source.GetProperty("name").GetString());
        Assert.Equal(slot.ToUnixTimeMilliseconds(), source.GetProperty("lastSuccess").GetDouble());
        Assert.Equal(["wall_records"], source.GetProperty("measurements").EnumerateArray().Select(m => m.GetString()));
        var body = await _server.Http.GetStringAsync("/api/v1/dashboards/sources-check/sources");
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        Assert.DoesNotContain("503", body, StringComparison.Ordinal);
        Assert.DoesNotContain("bảo trì", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Panel_ReportsItsCollectorDisabled_WhenAnAdministratorPausesIt_AndOtherPanelsStayFresh()
    {
        var runner = _server.Get<CollectorRunner>();
        await runner.RunAsync("records-feed", Slot());
        await runner.RunAsync("payments-feed", Slot());
        await SourceOfAsync("payments", "fresh");

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/collectors/payments-feed/disable", null)).StatusCode);

        await SourceOfAsync("payments", "disabled");
        await SourceOfAsync("records", "fresh");
        var panels = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/sources-check/sources")).GetProperty("panels");
        Assert.Equal(0, panels.GetProperty("unwritten").GetArrayLength());
    }

    [Fact]
    public async Task ApiKey_ThatWrote_IsAFreshSource_ThenDisabledOnceRevoked()
    {
        using var write = new StringContent($"wall_air,station=ha_tinh aqi=42 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/write?precision=ms", write)).StatusCode);

        var source = await SourceOfAsync("pushed", "fresh");
        Assert.StartsWith("key:", source.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("test writer", source.GetProperty("name").GetString());
        Assert.DoesNotContain(_server.WriteKey, source.GetRawText(), StringComparison.Ordinal);

        var key = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/sources")).EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "api-key");
        Assert.Equal("fresh", key.GetProperty("state").GetString());
        Assert.Equal(["wall_air"], key.GetProperty("measurements").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(TimeSpan.FromMinutes(15).TotalSeconds, key.GetProperty("expectedFreshnessSeconds").GetDouble());
        Assert.True(key.GetProperty("ageSeconds").GetDouble() < 60);

        Assert.True(await _server.Get<Credentials>().RevokeApiKeyAsync("admin", key.GetProperty("id").GetString()!));
        await SourceOfAsync("pushed", "disabled");
    }

    [Fact]
    public async Task Sources_OfADashboardTheCallerMayNotSee_OrThatDoesNotExist_AreRefused()
    {
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("sources-check");
        using var wall = Session.Anonymous(_server.BaseUrl);
        using (var exchange = await wall.Http.PostAsJsonAsync("/kiosk/session", new { token }))
        {
            exchange.EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.OK, (await wall.Http.GetAsync("/api/v1/dashboards/sources-check/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await wall.Http.GetAsync("/api/v1/dashboards/other-wall/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/dashboards/nope/sources")).StatusCode);
    }

    [Fact]
    public async Task ApiKeyWrite_IsAccepted_WhileTheSourceMapCannotBeWritten_AndRecordedOnceItCan()
    {
        await using (var config = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_server.DataDir, "ioc-config.db")}"))
        {
            await config.OpenAsync();
            await using var away = config.CreateCommand();
            away.CommandText = "ALTER TABLE ioc_source_series RENAME TO ioc_source_series_away";
            await away.ExecuteNonQueryAsync();

            var started = DateTime.UtcNow;
            using var write = new StringContent($"wall_air,station=ky_anh aqi=57 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8);
            Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/write?precision=ms", write)).StatusCode);
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "the write waited for the source map");
            await Task.Delay(500);

            await using var back = config.CreateCommand();
            back.CommandText = "ALTER TABLE ioc_source_series_away RENAME TO ioc_source_series";
            await back.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var source = await SourceOfAsync("pushed", "fresh");
        Assert.Equal("test writer", source.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ManyScreensAskingAtOnce_ShareOneJudgement_AndTheNextSecondJudgesAgain()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/sources-check/sources")));
        var times = answers.Select(a => a.GetProperty("serverTime").GetDouble()).Distinct().ToList();
        Assert.True(times.Count <= 2, $"{times.Count} judgements for 40 requests at once");

        await Task.Delay(DashboardSourcesCache.Lifetime + TimeSpan.FromMilliseconds(100));
        var later = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/sources-check/sources")).GetProperty("serverTime").GetDouble();
        Assert.True(later > times.Max(), "the answer was not judged again after its lifetime");
    }

    private static DateTimeOffset Slot() => DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5);

    /// <summary>Pairs reach the store off the write's path: wait until the panel's one source is in the state.</summary>
    private async Task<JsonElement> SourceOfAsync(string panel, string state)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement sources;
        do
        {
            sources = (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/sources-check/sources")).GetProperty("panels").GetProperty(panel);
            if (sources.GetArrayLength() == 1 && sources[0].GetProperty("state").GetString() == state)
            {
                return sources[0];
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"panel {panel}: expected one source {state}, got {sources.GetRawText()}");
        return default;
    }
}
