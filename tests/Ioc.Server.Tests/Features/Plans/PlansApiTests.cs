using System.Net;
using System.Text;
using System.Text.Json;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Plans;

/// <summary>Targets and plans judged from history written through the real metric store, as of past days, for a unit, and now.</summary>
public sealed class PlansApiTests(PlansFixture fixture) : IClassFixture<PlansFixture>
{
    private IocServer Server => fixture.Server;

    private async Task<Dictionary<string, JsonElement>> TargetsAsync(string query)
    {
        using var response = await Server.Http.GetAsync($"/api/v1/targets?plan={PlansFixture.PlanId}&{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.Clone());
    }

    [Fact]
    public async Task Targets_AsOfAPastDay_JudgeEachTargetFromItsWrittenHistory()
    {
        var targets = await TargetsAsync("asOf=2025-06-30");

        var online = targets["ho-so-truc-tuyen"];
        Assert.Equal("met", online.GetProperty("status").GetString());
        Assert.Equal(85, online.GetProperty("value").GetDouble(), 6); // a ratio of sums, not a mean of rates
        Assert.Equal(-5, online.GetProperty("gap").GetDouble(), 6);
        Assert.Equal(184, online.GetProperty("daysToDeadline").GetInt32());
        Assert.Equal(90, online.GetProperty("trend").GetArrayLength());
        Assert.Equal("05-NQ/TU", online.GetProperty("legalBasis").GetProperty("number").GetString());
        Assert.Equal("Văn phòng UBND tỉnh", online.GetProperty("owner").GetString());

        // Two units at 90 % and 1.1 %: the ratio of the summed counts is 10 %, where a mean of the rates would say 45.6 %.
        Assert.Equal(10, targets["ty-le-gop"].GetProperty("value").GetDouble(), 6);
        Assert.Equal("at-risk", targets["ty-le-gop"].GetProperty("status").GetString());

        var falling = targets["van-ban-cap-xa"];
        Assert.Equal("at-risk", falling.GetProperty("status").GetString());
        Assert.Equal(-0.01, falling.GetProperty("projection").GetProperty("slopePerDay").GetDouble(), 6);
        Assert.True(falling.GetProperty("projection").GetProperty("value").GetDouble() < 95);

        Assert.Equal("overdue", targets["thanh-toan"].GetProperty("status").GetString());
        Assert.Equal(-30, targets["thanh-toan"].GetProperty("daysToDeadline").GetInt32());

        Assert.Equal("no-data", targets["chua-thu-thap"].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, targets["chua-thu-thap"].GetProperty("value").ValueKind);

        var rank = targets["dti-hang"];
        Assert.Equal("met", rank.GetProperty("status").GetString()); // 18 ≤ 20, a yearly figure within its 900-day freshness
        Assert.Equal("922/QĐ-BTTTT", rank.GetProperty("legalBasis").GetProperty("number").GetString());
    }

    [Fact]
    public async Task Targets_AsOfADayBeforeAnyFigure_HaveNoData()
    {
        var targets = await TargetsAsync("asOf=2024-06-30");

        Assert.Equal("no-data", targets["ho-so-truc-tuyen"].GetProperty("status").GetString());
        Assert.Equal("no-data", targets["van-ban-cap-xa"].GetProperty("status").GetString());
        Assert.Equal("met", targets["dti-hang"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Targets_ForAUnit_ReadThatUnitsSeries()
    {
        var targets = await TargetsAsync("asOf=2025-06-30&unit=HT-001");

        var online = targets["ho-so-truc-tuyen"];
        Assert.Equal(40, online.GetProperty("value").GetDouble(), 6);
        Assert.Equal("at-risk", online.GetProperty("status").GetString());
        Assert.Equal("no-data", targets["thanh-toan"].GetProperty("status").GetString()); // a province-only series
    }

    [Fact]
    public async Task Plans_CountTargetsAndTasksPerStatus()
    {
        using var response = await Server.Http.GetAsync("/api/v1/plans?asOf=2025-06-30");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var plan = document.RootElement.EnumerateArray().Single(p => p.GetProperty("id").GetString() == PlansFixture.PlanId);

        var targets = plan.GetProperty("targets");
        Assert.Equal(8, targets.GetProperty("total").GetInt32());
        Assert.Equal(2, targets.GetProperty("met").GetInt32());
        Assert.Equal(2, targets.GetProperty("at-risk").GetInt32());
        Assert.Equal(1, targets.GetProperty("overdue").GetInt32());
        Assert.Equal(3, targets.GetProperty("no-data").GetInt32());
        Assert.Equal(0, targets.GetProperty("on-track").GetInt32());
        var tasks = plan.GetProperty("tasks");
        Assert.Equal(4, tasks.GetProperty("total").GetInt32());
        Assert.Equal(1, tasks.GetProperty("done").GetInt32());
        Assert.Equal(1, tasks.GetProperty("overdue").GetInt32());
        Assert.Equal(1, tasks.GetProperty("in-progress").GetInt32());
        Assert.Equal(1, tasks.GetProperty("not-started").GetInt32());
        var group = plan.GetProperty("groups").EnumerateArray().Single();
        Assert.Equal(1, group.GetProperty("targets").GetProperty("met").GetInt32());
        Assert.Equal("05-NQ/TU", plan.GetProperty("legalBasis").GetProperty("number").GetString());

        using var one = await Server.Http.GetAsync($"/api/v1/plans/{PlansFixture.PlanId}?asOf=2025-06-30");
        using var detail = JsonDocument.Parse(await one.Content.ReadAsStringAsync());
        Assert.Equal(8, detail.RootElement.GetProperty("targets").GetArrayLength());
        Assert.Equal("overdue", detail.RootElement.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "nv02").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/api/v1/targets?asOf=2025-13-01", HttpStatusCode.BadRequest, "asOf")]
    [InlineData("/api/v1/targets?asOf=30/06/2025", HttpStatusCode.BadRequest, "asOf")]
    [InlineData("/api/v1/plans?asOf=yesterday", HttpStatusCode.BadRequest, "asOf")]
    [InlineData("/api/v1/targets?plan=khong-co", HttpStatusCode.NotFound, "plan")]
    [InlineData("/api/v1/targets?plan=kiem-thu&unit=not%20a%20unit", HttpStatusCode.BadRequest, "unit")]
    [InlineData("/api/v1/targets?plan=kiem-thu&unit=HT-999&asOf=2025-06-30", HttpStatusCode.NotFound, "unit")]
    [InlineData("/api/v1/plans/khong-co", HttpStatusCode.NotFound, "id")]
    public async Task BadParameters_AreRefused_NamingTheParameter(string path, HttpStatusCode expected, string parameter)
    {
        using var response = await Server.Http.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Contains(parameter, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Targets_Now_JudgeAFreshSourcesValue_AndGiveNoDataWithoutASource()
    {
        var now = DateTimeOffset.UtcNow;
        using var content = new StringContent($"plantest_live,level=province value=61.5 {now.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain");
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.PostAsync("/api/v1/write?precision=ms", content)).StatusCode);
        await Server.Get<IMetricStore>().WriteAsync([new MetricPoint("plantest_sourceless", [], [new Field("value", 70)], UnixTime.ToNanoseconds(now))]);

        // The source of a write is recorded off the write's path: wait until the key shows as fresh behind the target.
        Dictionary<string, JsonElement> targets = [];
        for (var attempt = 0; attempt < 50; attempt++)
        {
            targets = await TargetsAsync("");
            if (targets["truc-tiep"].GetProperty("status").GetString() == "met")
            {
                break;
            }

            await Task.Delay(200);
        }

        var live = targets["truc-tiep"];
        Assert.Equal("met", live.GetProperty("status").GetString());
        Assert.Equal(61.5, live.GetProperty("value").GetDouble());
        Assert.Equal(now.ToUnixTimeMilliseconds(), live.GetProperty("valueTime").GetDouble());
        var source = Assert.Single(live.GetProperty("sources").EnumerateArray());
        Assert.StartsWith("key:", source.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("fresh", source.GetProperty("state").GetString());

        var sourceless = targets["khong-nguon"];
        Assert.Equal("no-data", sourceless.GetProperty("status").GetString());
        Assert.Equal(70, sourceless.GetProperty("value").GetDouble()); // shown with its time, but not judged current
    }
}
