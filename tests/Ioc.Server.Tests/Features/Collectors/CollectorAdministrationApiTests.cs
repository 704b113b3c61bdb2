using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Ioc.Server.Scheduling;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>
/// Administrators add, change, test, pause and delete collectors through <c>/api/v1/collectors</c>; each change is
/// checked whole, audited, and scheduled at once without a restart. Provisioned collectors stay as their files say.
/// </summary>
public sealed class CollectorAdministrationApiTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:Scheduling:Enabled"] = "true", ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Create_SchedulesTheCollectorAtOnce_AndItsRunsAreCollected_WithoutARestart()
    {
        using var created = await PostYamlAsync("/api/v1/collectors", Definition("payments-copy", "*/2 * * * * *"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        Assert.Equal("admin", body.GetProperty("origin").GetString());
        Assert.Equal("admin", body.GetProperty("source").GetString());

        Assert.Contains("payments-copy", _server.Get<CollectorScheduler>().Scheduled);
        Assert.Contains(CollectorScheduler.JobId("*/2 * * * * *"), RecurringJobs());
        var run = await WaitForAsync(async () =>
        {
            var runs = (await Json(await _server.Http.GetAsync("/api/v1/collectors/payments-copy/runs"))).EnumerateArray().ToList();
            return runs.Where(r => r.GetProperty("outcome").GetString() == "succeeded" && !r.GetProperty("replay").GetBoolean()).Select(r => (JsonElement?)r).FirstOrDefault();
        });
        Assert.True(run.GetProperty("points").GetInt32() > 0);

        var audit = await _server.Http.GetStringAsync("/api/v1/admin/audit");
        Assert.Contains("collector.create", audit, StringComparison.Ordinal);
        Assert.Contains("+ id: payments-copy", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_IsStoredAsTheYamlItStandsFor_AndExportsAsAFile()
    {
        var json = JsonSerializer.Serialize(new
        {
            apiVersion = "ioc/v1",
            id = "from-json",
            name = "Cổng dịch vụ công — bản JSON",
            kind = "http-json",
            schedule = "0 * * * *",
            spec = new
            {
                url = "${SIMULATOR_URL}/sim/payments/summary",
                mappings = new[] { new { measurement = "from_json", tags = new { scope = "010" }, fields = new { transactions = "$.transactionsToday" } } },
            },
        });
        using var created = await _server.Http.PostAsync("/api/v1/collectors", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var export = await _server.Http.GetAsync("/api/v1/collectors/from-json/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("from-json.yaml", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var yaml = await export.Content.ReadAsStringAsync();
        Assert.Contains("id: from-json", yaml, StringComparison.Ordinal);
        Assert.Contains("Cổng dịch vụ công — bản JSON", yaml, StringComparison.Ordinal);
        Assert.Contains("${SIMULATOR_URL}", yaml, StringComparison.Ordinal);

        // A tag value of digits stays text when it comes back as YAML.
        using var again = await PostYamlAsync("/api/v1/collectors/test", yaml);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("010", (await Json(again)).GetProperty("points")[0].GetProperty("tags").GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("schedule: \"every minute\"", "schedule")]
    [InlineData("id: test", "id")]
    [InlineData("id: _hidden", "id")]
    [InlineData("colour: blue", "colour")]
    public async Task Create_Is400NamingTheField_WhenTheDefinitionIsWrong(string change, string field)
    {
        var key = change.Split(':')[0];
        var lines = Definition("wrong-one", "*/5 * * * * *").Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal)).Append(change);
        using var response = await PostYamlAsync("/api/v1/collectors", string.Join('\n', lines));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/collectors/wrong-one")).StatusCode);
    }

    [Fact]
    public async Task Provisioned_IsReadOnly_ButPausesAndResumes_WithItsFileUntouched()
    {
        var file = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "collectors", "payments-online.yaml"));
        using (var put = await PutYamlAsync("/api/v1/collectors/payments-online", file.Replace("*/5", "*/7", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.Conflict, put.StatusCode);
            Assert.Contains("collectors/payments-online.yaml", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await _server.Http.DeleteAsync("/api/v1/collectors/payments-online")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/collectors/payments-online/disable", null)).StatusCode);
        Assert.DoesNotContain("payments-online", _server.Get<CollectorScheduler>().Scheduled);
        var paused = await Json(await _server.Http.GetAsync("/api/v1/collectors/payments-online"));
        Assert.True(paused.GetProperty("paused").GetBoolean());
        Assert.Equal("disabled", paused.GetProperty("state").GetString());
        Assert.Equal(file, await _server.Http.GetStringAsync("/api/v1/collectors/payments-online/export"));

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/collectors/payments-online/enable", null)).StatusCode);
        Assert.Contains("payments-online", _server.Get<CollectorScheduler>().Scheduled);
        Assert.False((await Json(await _server.Http.GetAsync("/api/v1/collectors/payments-online"))).GetProperty("paused").GetBoolean());
    }

    [Fact]
    public async Task Update_ChangesTheSchedule_AndDelete_RemovesTheJob_EachAuditedWithADiff()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostYamlAsync("/api/v1/collectors", Definition("changing", "0 * * * *"))).StatusCode);
        using (var put = await PutYamlAsync("/api/v1/collectors/changing", Definition("changing", "30 * * * *")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(2, (await Json(put)).GetProperty("version").GetInt64());
        }

        using (var connection = _server.Get<JobStorage>().GetConnection())
        {
            var jobs = connection.GetRecurringJobs();
            Assert.Equal("30 * * * *", jobs.Single(j => j.Id == CollectorScheduler.JobId("30 * * * *")).Cron);
            Assert.DoesNotContain(jobs, j => j.Id == CollectorScheduler.JobId("0 * * * *"));
        }

        using (var renamed = await PutYamlAsync("/api/v1/collectors/changing", Definition("renamed", "30 * * * *")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, renamed.StatusCode);
            Assert.True((await Json(renamed)).GetProperty("errors").TryGetProperty("id", out _));
        }

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("/api/v1/collectors/changing")).StatusCode);
        Assert.DoesNotContain(CollectorScheduler.JobId("30 * * * *"), RecurringJobs());
        Assert.DoesNotContain("changing", _server.Get<CollectorScheduler>().Scheduled);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/collectors/changing")).StatusCode);

        var audit = await _server.Http.GetStringAsync("/api/v1/admin/audit");
        Assert.Contains("- schedule: \\\"0 * * * *\\\"\\n+ schedule: \\\"30 * * * *\\\"", audit, StringComparison.Ordinal);
        Assert.Contains("collector.delete", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_ShowsThePointsItWouldWrite_AndStoresNothing()
    {
        using var response = await PostYamlAsync("/api/v1/collectors/test", Definition("trial", "*/5 * * * * *"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Json(response);
        var point = Assert.Single(body.GetProperty("points").EnumerateArray());
        Assert.Equal("trial", point.GetProperty("measurement").GetString());
        Assert.True(point.GetProperty("fields").GetProperty("transactions").GetDouble() >= 0);
        Assert.Equal(1, body.GetProperty("totalPoints").GetInt32());
        Assert.True(body.GetProperty("durationMs").GetDouble() > 0);

        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/collectors/trial")).StatusCode);
        Assert.Empty(await _server.Get<Ioc.Core.Storage.ISeriesCatalog>().ListSeriesAsync("trial", 10));
    }

    [Fact]
    public async Task Test_NamesTheHttpStatusAndBody_WhenTheSourceRefuses()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var source = builder.Build();
        source.MapGet("/report", () => Results.Text("{\"error\":\"Hệ thống đang bảo trì đến 22:00\"}", "application/json", statusCode: 503));
        await source.StartAsync();
        var url = source.Urls.Single();

        var definition = Definition("refused", "*/5 * * * * *").Replace("${SIMULATOR_URL}/sim/payments/summary", url + "/report", StringComparison.Ordinal);
        using var response = await PostYamlAsync("/api/v1/collectors/test", definition);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var detail = (await Json(response)).GetProperty("detail").GetString()!;
        Assert.Contains("503", detail, StringComparison.Ordinal);
        Assert.Contains("Hệ thống đang bảo trì đến 22:00", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Test_NamesTheJsonPath_WhenTheAnswerLacksIt()
    {
        var definition = Definition("no-path", "*/5 * * * * *").Replace("$.transactionsToday", "$.noSuchField", StringComparison.Ordinal);
        using var response = await PostYamlAsync("/api/v1/collectors/test", definition);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("$.noSuchField", (await Json(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writes_Are403_ForAnOperator_And415_ForABodyThatIsNoDefinition()
    {
        var password = await _server.Admin.CreateUserAsync("van-hanh", "operator", "Mật-khẩu-vận-hành-2026");
        using var operatorSession = await Session.SignInAsync(_server.BaseUrl, "van-hanh", password);
        using (var forbidden = await operatorSession.Http.PostAsync("/api/v1/collectors", new StringContent(Definition("sneaky", "* * * * *"), Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using var wrongType = await _server.Http.PostAsync("/api/v1/collectors", new StringContent("id: x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
    }

    [Fact]
    public async Task Backfill_CollectsEverySlotOfAPastWindowOnce_AsHistory()
    {
        Assert.Equal(HttpStatusCode.Created, (await PostYamlAsync("/api/v1/collectors", Definition("filled", "0 * * * *", replay: true))).StatusCode);
        var to = DateTimeOffset.UtcNow.AddHours(-1);
        using var started = await _server.Http.PostAsJsonAsync("/api/v1/collectors/filled/backfill", new { from = to.AddHours(-5), to });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);

        var progress = await WaitForAsync(async () =>
        {
            var p = await Json(await _server.Http.GetAsync("/api/v1/collectors/filled/backfill"));
            return p.GetProperty("finished").GetBoolean() ? p : (JsonElement?)null;
        });
        Assert.Equal(5, progress.GetProperty("totalSlots").GetInt32());
        Assert.Equal(5, progress.GetProperty("doneSlots").GetInt32());
        Assert.Equal(0, progress.GetProperty("failedSlots").GetInt32());

        // The history is written in the background, a moment after each run.
        var runs = await WaitForAsync(async () =>
        {
            var all = await Json(await _server.Http.GetAsync("/api/v1/collectors/filled/runs"));
            return all.EnumerateArray().Count(r => r.GetProperty("replay").GetBoolean()) >= 5 ? all : (JsonElement?)null;
        });
        var replayed = runs.EnumerateArray().Where(r => r.GetProperty("replay").GetBoolean()).Select(r => r.GetProperty("slot").GetDateTimeOffset()).ToList();
        Assert.Equal(5, replayed.Count);
        Assert.Equal(5, replayed.Distinct().Count());

        using var tooFar = await _server.Http.PostAsJsonAsync("/api/v1/collectors/filled/backfill", new { from = DateTimeOffset.UtcNow.AddDays(-30), to });
        Assert.Equal(HttpStatusCode.BadRequest, tooFar.StatusCode);
        Assert.True((await Json(tooFar)).GetProperty("errors").TryGetProperty("from", out _));
    }

    private static string Definition(string id, string schedule, bool replay = false) => $"""
        apiVersion: ioc/v1
        id: {id}
        name: Thanh toán trực tuyến (bản sao)
        kind: http-json
        schedule: "{schedule}"
        timeout: 4s
        spec:
          url: ${"{"}SIMULATOR_URL{"}"}/sim/payments/summary
        {(replay ? "  asOfParameter: at\n  replayWindow: 7d\n" : "")}  mappings:
            - measurement: {id.Replace('-', '_')}
              tags: {"{"} scope: province {"}"}
              fields:
                transactions: $.transactionsToday
        """;

    private Task<HttpResponseMessage> PostYamlAsync(string path, string yaml) => _server.Http.PostAsync(path, new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private Task<HttpResponseMessage> PutYamlAsync(string path, string yaml) => _server.Http.PutAsync(path, new StringContent(yaml, Encoding.UTF8, "application/yaml"));

    private static async Task<JsonElement> Json(HttpResponseMessage response) => (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement;

    private List<string> RecurringJobs()
    {
        using var connection = _server.Get<JobStorage>().GetConnection();
        return [.. connection.GetRecurringJobs().Select(j => j.Id)];
    }

    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement?>> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(200);
        }
    }
}
