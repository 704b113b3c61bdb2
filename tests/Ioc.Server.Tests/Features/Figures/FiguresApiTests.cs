using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Kpis;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Figures;

/// <summary>
/// Comparison and breakdown panels against stored history: year-to-date counters count what accrued in each span,
/// ratios are ratios of sums, the dashboard's time zone cuts the periods, and only the unit level asked is read.
/// </summary>
public sealed class FiguresApiTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-figures-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "figures.json"), """
            {
              "apiVersion": "ioc/v1", "id": "figures", "title": "Xu hướng", "audience": "leaders",
              "panels": [
                { "id": "records-yoy", "type": "comparison", "title": "Hồ sơ tiếp nhận so với cùng kỳ",
                  "series": [ { "measurement": "fig_records", "tags": { "level": "province" }, "field": "received_ytd" } ],
                  "options": { "periods": "year-over-year" } },
                { "id": "rate-quarter", "type": "comparison", "title": "Tỷ lệ trực tuyến quý này so với quý trước",
                  "options": { "periods": "quarter", "unit": "%", "measure": {
                    "numerator": { "measurement": "fig_records", "tags": { "level": "province" }, "field": "received_online_ytd" },
                    "denominator": { "measurement": "fig_records", "tags": { "level": "province" }, "field": "received_ytd" }, "scale": 100 } } },
                { "id": "by-sector", "type": "breakdown", "title": "Theo lĩnh vực",
                  "options": { "by": "sector", "unit": "%", "measure": {
                    "numerator": { "measurement": "fig_sector", "tags": { "level": "province" }, "field": "received_online_ytd" },
                    "denominator": { "measurement": "fig_sector", "tags": { "level": "province" }, "field": "received_ytd" }, "scale": 100 } } }
              ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:DashboardsPath"] = _dashboards });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task YearOverYear_ComparesTheCounterAtTheSameDayLastYear_NotItsLaterValue()
    {
        var now = DateTimeOffset.UtcNow;
        var (_, previous) = ComparisonPeriods.Of(ComparisonPeriod.YearOverYear, now, Hanoi);
        await WriteAsync("fig_records", "province", previous.End.AddHours(-1), ("received_ytd", 400));
        await WriteAsync("fig_records", "province", previous.End.AddDays(1), ("received_ytd", 900));
        await WriteAsync("fig_records", "province", now.AddMinutes(-30), ("received_ytd", 500));
        await WriteAsync("fig_records", "commune", now.AddMinutes(-30), ("received_ytd", 77));

        var figures = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/figures/panels/records-yoy/comparison");

        Assert.Equal("year-over-year", figures.GetProperty("periods").GetString());
        Assert.Equal(500, figures.GetProperty("current").GetProperty("value").GetDouble());
        Assert.Equal(400, figures.GetProperty("previous").GetProperty("value").GetDouble());
        Assert.Equal(100, figures.GetProperty("change").GetDouble());
        Assert.Equal(25, figures.GetProperty("changePercent").GetDouble(), 9);
        Assert.Equal(previous.Start.ToUnixTimeMilliseconds(), figures.GetProperty("previous").GetProperty("from").GetDouble());
        // The server's now is a moment after the test's.
        Assert.InRange(figures.GetProperty("previous").GetProperty("to").GetDouble() - previous.End.ToUnixTimeMilliseconds(), 0, 30_000);
        Assert.Equal(JsonValueKind.Null, figures.GetProperty("current").GetProperty("quarter").ValueKind);
    }

    [Fact]
    public async Task QuarterRatio_IsTheRatioOfWhatAccruedInEachQuarter()
    {
        var now = DateTimeOffset.UtcNow;
        var (current, previous) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, now, Hanoi);

        // Each counter's value just before a quarter starts, and as far into it as now is into this one.
        await WriteAsync("fig_records", "province", previous.Start.AddHours(-12), ("received_ytd", 600), ("received_online_ytd", 300));
        await WriteAsync("fig_records", "province", previous.End.AddHours(-1), ("received_ytd", 900), ("received_online_ytd", 500));
        await WriteAsync("fig_records", "province", current.Start.AddHours(-12), ("received_ytd", 1000), ("received_online_ytd", 800));
        await WriteAsync("fig_records", "province", now.AddMinutes(-30), ("received_ytd", 1500), ("received_online_ytd", 1300));

        var figures = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/figures/panels/rate-quarter/comparison");

        // A quarter that starts the year starts its counters from nothing.
        static double Accrued(PeriodSpan span, double atEnd, double before) => ComparisonPeriods.YearStart(span.Start, Hanoi) == span.Start ? atEnd : atEnd - before;
        var thisRate = 100 * Accrued(current, 1300, 800) / Accrued(current, 1500, 1000);
        var lastRate = 100 * Accrued(previous, 500, 300) / Accrued(previous, 900, 600);
        Assert.Equal(thisRate, figures.GetProperty("current").GetProperty("value").GetDouble(), 9);
        Assert.Equal(lastRate, figures.GetProperty("previous").GetProperty("value").GetDouble(), 9);
        Assert.Equal(thisRate - lastRate, figures.GetProperty("change").GetDouble(), 9);
        Assert.Equal(current.Quarter, figures.GetProperty("current").GetProperty("quarter").GetInt32());
        Assert.Equal(100, figures.GetProperty("measure").GetProperty("scale").GetDouble());
    }

    [Fact]
    public async Task Breakdown_ShowsEachSectorAgainstTheOverallRatioOfSums_BestFirst()
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds());
        await WriteSectorAsync("province", "dat-dai", "Đất đai", at, 5000, 103);
        await WriteSectorAsync("province", "tu-phap", "Tư pháp", at, 2000, 1900);
        await WriteSectorAsync("province", "y-te", "Y tế", at, 3000, 2700);
        await WriteSectorAsync("commune", "dat-dai", "Đất đai", at, 400, 400);

        var figures = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/figures/panels/by-sector/breakdown");

        var items = figures.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Tư pháp", "Y tế", "Đất đai"], items.Select(i => i.GetProperty("label").GetString()));
        Assert.Equal(["tu-phap", "y-te", "dat-dai"], items.Select(i => i.GetProperty("key").GetString()));
        Assert.Equal(2.06, items[2].GetProperty("value").GetDouble(), 9);
        Assert.Equal(95, items[0].GetProperty("value").GetDouble(), 9);
        Assert.Equal(100.0 * (103 + 1900 + 2700) / (5000 + 2000 + 3000), figures.GetProperty("overall").GetDouble(), 9);
        Assert.Equal(at.ToUnixTimeMilliseconds(), items[2].GetProperty("time").GetDouble());
        Assert.Equal("sector", figures.GetProperty("by").GetString());
    }

    [Fact]
    public async Task Figures_OfAPanelOfAnotherType_AreNotFound_AndAnOperatorMayNotReadALeadersPanel()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/dashboards/figures/panels/by-sector/comparison")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/dashboards/figures/panels/nothing/breakdown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/v1/dashboards/nothing/panels/by-sector/breakdown")).StatusCode);

        using var operatorSession = await Session.SignInAsync(_server.BaseUrl, "van-hanh", await _server.Admin.CreateUserAsync("van-hanh", "operator", "Vận-hành-tỉnh-2026"));
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorSession.Http.GetAsync("/api/v1/dashboards/figures/panels/by-sector/breakdown")).StatusCode);
    }

    private Task WriteSectorAsync(string level, string sector, string name, DateTimeOffset at, double received, double online) =>
        _server.Get<IMetricStore>().WriteAsync([new MetricPoint(
            "fig_sector",
            new Dictionary<string, string> { ["level"] = level, ["unit"] = level == "province" ? "42" : "HT-001", ["sector"] = sector, ["sector_name"] = name },
            new Dictionary<string, double> { ["received_ytd"] = received, ["received_online_ytd"] = online },
            UnixTime.ToNanoseconds(at))]);

    private Task WriteAsync(string measurement, string level, DateTimeOffset at, params (string Field, double Value)[] fields) =>
        _server.Get<IMetricStore>().WriteAsync([new MetricPoint(
            measurement,
            new Dictionary<string, string> { ["level"] = level, ["unit"] = level == "province" ? "42" : "HT-001" },
            fields.ToDictionary(f => f.Field, f => f.Value),
            UnixTime.ToNanoseconds(at))]);
}
