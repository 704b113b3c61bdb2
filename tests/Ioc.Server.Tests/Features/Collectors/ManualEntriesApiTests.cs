using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>A real Ioc with the shipped DTI collector, a quarterly one and a scheduled one beside them.</summary>
public sealed class ManualEntriesFixture : IAsyncLifetime
{
    private readonly string _collectors = Directory.CreateTempSubdirectory("ioc-manual-").FullName;

    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", "dti-index.yaml"), Path.Combine(_collectors, "dti-index.yaml"));
        File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", "payments-online.yaml"), Path.Combine(_collectors, "payments-online.yaml"));
        File.WriteAllText(Path.Combine(_collectors, "grdp-digital.yaml"), """
            apiVersion: ioc/v1
            id: grdp-digital
            name: Tỷ trọng kinh tế số trong GRDP
            kind: manual
            spec:
              measurement: grdp_digital
              tags: { province: nghe-an }
              period: quarter
              figures:
                - { field: share, label: Tỷ trọng kinh tế số, unit: "%", min: 0, max: 100 }
            """);
        File.WriteAllText(Path.Combine(_collectors, "broadband-villages.yaml"), """
            apiVersion: ioc/v1
            id: broadband-villages
            name: Thôn, bản có băng rộng di động
            kind: manual
            spec:
              measurement: broadband_villages
              tags: { province: nghe-an }
              period: month
              figures:
                - { field: covered, label: "Số thôn, bản có băng rộng", min: 0, max: 3806 }
            """);
        Server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:CollectorsPath"] = _collectors });
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_collectors, recursive: true);
    }
}

/// <summary>
/// <c>POST /api/v1/collectors/{id}/entries</c> end to end: the figure is stored with its document, its point is in the
/// metric store at the period's start, a run is in the history and the change is audited; bad input names the field.
/// </summary>
public sealed class ManualEntriesApiTests(ManualEntriesFixture fixture) : IClassFixture<ManualEntriesFixture>
{
    private static readonly object Decision = new
    {
        number = "QĐ 1234/QĐ-BTTTT",
        date = "2025-05-20",
        issuer = "Bộ Thông tin và Truyền thông",
        title = "Công bố chỉ số chuyển đổi số cấp tỉnh năm 2024",
        url = "https://mic.gov.vn/dti-2024",
    };

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task EnteringADtiFigure_StoresThePointAtThePeriodsStart_WithARunAndAnAuditEntry()
    {
        var year2024 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        using var response = await Server.Http.PostAsJsonAsync("/api/v1/collectors/dti-index/entries", new { period = "2024", values = new { score = 0.5934, rank = 27 }, document = Decision });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal(["rank", "score"], saved.Select(e => e.GetProperty("field").GetString()).Order(StringComparer.Ordinal));
        Assert.All(saved, e => Assert.Equal(year2024, e.GetProperty("periodStart").GetDateTimeOffset()));

        var last = await LastAsync("dti", "score");
        Assert.Equal(0.5934, last.GetProperty("value").GetDouble());
        Assert.Equal(year2024.ToUnixTimeMilliseconds(), last.GetProperty("time").GetDouble());
        Assert.Equal("ha-tinh", last.GetProperty("tags").GetProperty("province").GetString());
        Assert.Equal(27, (await LastAsync("dti", "rank")).GetProperty("value").GetDouble());

        var run = Assert.Single(await RunsAsync("dti-index", r => r.GetProperty("slot").GetDateTimeOffset() == year2024));
        Assert.Equal("succeeded", run.GetProperty("outcome").GetString());
        Assert.Equal(1, run.GetProperty("points").GetInt32());

        var audit = (await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/audit?actor=admin")).EnumerateArray()
            .Single(a => a.GetProperty("action").GetString() == "collector.entry" && a.GetProperty("detail").GetString()!.StartsWith("2024:", StringComparison.Ordinal));
        Assert.Equal("collector dti-index", audit.GetProperty("target").GetString());
        Assert.Contains("score=0.5934", audit.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("QĐ 1234/QĐ-BTTTT of 2025-05-20 by Bộ Thông tin và Truyền thông", audit.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var listed = (await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors/dti-index/entries")).EnumerateArray()
            .Where(e => e.GetProperty("period").GetString() == "2024").ToList();
        Assert.Equal(2, listed.Count);
        var score = listed.Single(e => e.GetProperty("field").GetString() == "score");
        Assert.Equal("Điểm DTI", score.GetProperty("label").GetString());
        Assert.Equal("admin", score.GetProperty("enteredBy").GetString());
        Assert.Equal("QĐ 1234/QĐ-BTTTT", score.GetProperty("document").GetProperty("number").GetString());
        Assert.Equal("2025-05-20", score.GetProperty("document").GetProperty("date").GetString());
        Assert.Equal("https://mic.gov.vn/dti-2024", score.GetProperty("document").GetProperty("url").GetString());
    }

    [Fact]
    public async Task AFigureEnteredAgain_ReplacesItsValue_AndMakesTheSourceFresh()
    {
        var previous = ReportingPeriod.Containing(PeriodGranularity.Quarter, DateTimeOffset.UtcNow.AddMonths(-3));
        var report = new { number = "586/KH-UBND", date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };

        using var first = await Server.Http.PostAsJsonAsync("/api/v1/collectors/grdp-digital/entries", new { period = previous.Label, values = new { share = 7.1 }, document = report });
        using var corrected = await Server.Http.PostAsJsonAsync("/api/v1/collectors/grdp-digital/entries", new { period = previous.Label, values = new { share = 7.38 }, document = report });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, corrected.StatusCode);
        var last = await LastAsync("grdp_digital", "share");
        Assert.Equal(7.38, last.GetProperty("value").GetDouble());
        Assert.Equal(previous.Start.ToUnixTimeMilliseconds(), last.GetProperty("time").GetDouble());
        Assert.Equal(2, (await RunsAsync("grdp-digital", r => r.GetProperty("slot").GetDateTimeOffset() == previous.Start, expected: 2)).Count);
        var source = (await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetString() == "grdp-digital");
        Assert.Equal("fresh", source.GetProperty("state").GetString());
        Assert.Equal(TimeSpan.FromDays(229).TotalSeconds, source.GetProperty("expectedFreshnessSeconds").GetDouble());
        Assert.Single((await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors/grdp-digital/entries")).EnumerateArray(), e => e.GetProperty("period").GetString() == previous.Label);
    }

    [Fact]
    public async Task OnlyTheNewestPeriod_IsPushedToLiveScreens_ACorrectedPastOneIsHistory()
    {
        var previous = ReportingPeriod.Containing(PeriodGranularity.Month, DateTimeOffset.UtcNow.AddMonths(-1));
        var older = ReportingPeriod.Containing(PeriodGranularity.Month, DateTimeOffset.UtcNow.AddYears(-2));
        var report = new { number = "912/BC-UBND", date = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        await using var wall = await LiveClient.ConnectAsync(Server);
        await wall.SubscribeSeriesAsync("broadband_villages,province=nghe-an");

        using var current = await Server.Http.PostAsJsonAsync("/api/v1/collectors/broadband-villages/entries", new { period = previous.Label, values = new { covered = 3743 }, document = report });
        using var past = await Server.Http.PostAsJsonAsync("/api/v1/collectors/broadband-villages/entries", new { period = older.Label, values = new { covered = 3102 }, document = report });

        Assert.Equal(HttpStatusCode.Created, current.StatusCode);
        Assert.Equal(HttpStatusCode.Created, past.StatusCode);
        var pushed = await wall.WaitForAsync(p => p.Fields.GetValueOrDefault("covered") == 3743, TimeSpan.FromSeconds(5));
        Assert.Equal(previous.Start.ToUnixTimeMilliseconds(), pushed.Time);
        await Task.Delay(500);
        Assert.DoesNotContain(wall.Received, r => r.Point.Fields.GetValueOrDefault("covered") == 3102);
        using var range = await Server.Http.PostAsJsonAsync("/api/v1/query/range", new
        {
            queries = new[] { new { measurement = "broadband_villages", field = "covered", aggregation = "last" } },
            from = older.Start.ToUnixTimeMilliseconds(),
            to = older.End.ToUnixTimeMilliseconds(),
            maxPoints = 10,
        });
        var stored = (await range.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series")[0].GetProperty("points");
        Assert.Contains(stored.EnumerateArray(), p => p[1].GetDouble() == 3102);
    }

    [Fact]
    public async Task ASourceOfEnteredFigures_IsJudgedByItsNewestPeriod_WhateverTheRunHistoryStillHolds()
    {
        // As after the run history was pruned: entries, and no run.
        var previous = ReportingPeriod.Containing(PeriodGranularity.Year, DateTimeOffset.UtcNow.AddYears(-1));
        await Server.Get<Ioc.Core.Configuration.IManualEntryStore>().SaveEntriesAsync(
        [
            new("dti-index", previous.Label, previous.Start, "score", 0.61, new("QĐ 1/QĐ-BTTTT", new DateOnly(2025, 5, 20), null, null, null), "admin", DateTimeOffset.UtcNow),
            new("dti-index", "2021", new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), "score", 0.41, new("QĐ 2/QĐ-BTTTT", new DateOnly(2022, 5, 20), null, null, null), "admin", DateTimeOffset.UtcNow),
        ]);

        var source = (await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/sources")).EnumerateArray().Single(s => s.GetProperty("id").GetString() == "dti-index");

        Assert.Equal(previous.Start, source.GetProperty("lastSuccess").GetDateTimeOffset());
        Assert.Equal("fresh", source.GetProperty("state").GetString());
        Assert.Equal(TimeSpan.FromDays(912).TotalSeconds, source.GetProperty("expectedFreshnessSeconds").GetDouble());
    }

    [Theory]
    [InlineData("""{"period":"2024-Q1","values":{"score":0.5},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "period", "'2024-Q1' is not a period of this collector: write it as 2024, from 1990")]
    [InlineData("""{"values":{"score":0.5},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "period", "required; write it as 2024")]
    [InlineData("""{"period":"2999","values":{"score":0.5},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "period", "'2999' has not begun")]
    [InlineData("""{"period":"2022","values":{"rank":64},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "values.rank", "64 is above the largest allowed, 63")]
    [InlineData("""{"period":"2022","values":{"score":-0.1},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "values.score", "-0.1 is below the smallest allowed, 0")]
    [InlineData("""{"period":"2022","values":{"score":"cao"},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "values.score", "must be a number, not \"cao\"")]
    [InlineData("""{"period":"2022","values":{"places":3},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "values.places", "'places' is not a figure of this collector (score, rank)")]
    [InlineData("""{"period":"2022","values":{},"document":{"number":"1/QĐ","date":"2025-05-20"}}""", "values", "at least one figure is required: score, rank")]
    [InlineData("""{"period":"2022","values":{"score":0.5},"document":{"date":"2025-05-20"}}""", "document.number", "required: the source document's number, e.g. 586/KH-UBND")]
    [InlineData("""{"period":"2022","values":{"score":0.5},"document":{"number":"1/QĐ"}}""", "document.date", "required: the date the document was issued, e.g. 2025-05-20")]
    [InlineData("""{"period":"2022","values":{"score":0.5}}""", "document.date", "required: the date the document was issued, e.g. 2025-05-20")]
    [InlineData("""{"period":"2022","values":{"score":0.5},"document":{"number":"1/QĐ","date":"20/05/2025"}}""", "document.date", "'20/05/2025' is not a date: write it as 2025-05-20")]
    [InlineData("""{"period":"2022","values":{"score":0.5},"document":{"number":"1/QĐ","date":"2025-05-20","url":"javascript:alert(1)"}}""", "document.url", "'javascript:alert(1)' is not an http or https address")]
    public async Task BadInput_IsRefusedWith400_NamingTheField_AndStoresNothing(string body, string field, string message)
    {
        using var response = await Server.Http.PostAsync("/api/v1/collectors/dti-index/entries", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal([message], errors.GetProperty(field).EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(
            (await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors/dti-index/entries")).EnumerateArray(),
            e => e.GetProperty("period").GetString() is "2022" or "2999");
    }

    [Theory]
    [InlineData("GET", "/api/v1/collectors/no-such-collector/entries", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/collectors/no-such-collector/entries", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/collectors/payments-online/entries", HttpStatusCode.Conflict)]
    [InlineData("POST", "/api/v1/collectors/payments-online/entries", HttpStatusCode.Conflict)]
    public async Task Entries_OfAnUnknownOrScheduledCollector_AreRefused(string method, string path, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? JsonContent.Create(new { period = "2024", values = new { score = 0.5 }, document = Decision }) : null,
        };

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        if (status == HttpStatusCode.Conflict)
        {
            Assert.Contains("only manual collectors take entries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<JsonElement> LastAsync(string measurement, string field)
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, field } } });
        response.EnsureSuccessStatusCode();
        var series = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series");
        return Assert.Single(series.EnumerateArray());
    }

    /// <summary>Runs reach the store in batches off the request's path: wait for them.</summary>
    private async Task<List<JsonElement>> RunsAsync(string id, Func<JsonElement, bool> match, int expected = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<JsonElement> runs;
        do
        {
            runs = [.. (await Server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/collectors/{id}/runs")).EnumerateArray().Where(match)];
            if (runs.Count >= expected)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        return runs;
    }
}
