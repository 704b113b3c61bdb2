using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Units;

// The units API on both sides of 2025-07-01, with records written through the real store under old and new codes.
public sealed class UnitsApiTests(UnitsServerFixture fixture) : IClassFixture<UnitsServerFixture>
{
    private static readonly object OnlineShare = new
    {
        numerator = new { measurement = "dvc_records", field = "online" },
        denominator = new { measurement = "dvc_records", field = "received" },
        scale = 100,
    };

    private Session Leader => fixture.Leader;

    private async Task<JsonElement> QueryAsync(object body, Session? caller = null)
    {
        var response = await (caller ?? Leader).Http.PostAsJsonAsync("/api/v1/query/units", body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Dictionary<string, JsonElement> ByCode(JsonElement answer) =>
        answer.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("code").GetString()!);

    [Fact]
    public async Task Units_BeforeTheReform_AreTheDistrictsAndOldCommunes_NamedWithDiacritics()
    {
        var communes = await Leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/units?asOf=2025-03-31&level=commune");
        var districts = await Leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/units?asOf=2025-03-31&level=district&parent=42");

        Assert.Equal(["HT-O001", "HT-O002", "HT-O003", "HT-O004"], communes.EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal("Thị trấn Nghèn", communes[3].GetProperty("name").GetString());
        Assert.Equal("440", communes[3].GetProperty("parent").GetString());
        Assert.Equal("2025-07-01", communes[3].GetProperty("validTo").GetString());
        Assert.Equal("HT-002", communes[3].GetProperty("successors")[0].GetProperty("code").GetString());
        Assert.Equal(["436", "440"], districts.EnumerateArray().Select(u => u.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Units_AfterTheReform_AreTheNewCommunes_AndNoDistrictLevel()
    {
        var communes = await Leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/units?asOf=2025-09-30&level=commune&parent=42");
        var districts = await Leader.Http.GetAsync("/api/v1/units?asOf=2025-09-30&level=district");

        Assert.Equal(["HT-001", "HT-002"], communes.EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal("Phường Thành Sen", communes[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.OK, districts.StatusCode);
        Assert.Equal(0, (await districts.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [Fact]
    public async Task Unit_AnswersItsHistory()
    {
        var unit = await Leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/units/HT-001");

        Assert.Equal("Phường Thành Sen", unit.GetProperty("unit").GetProperty("name").GetString());
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003"], unit.GetProperty("predecessors").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal(["42"], unit.GetProperty("ancestry").EnumerateArray().Select(u => u.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Leader.Http.GetAsync("/api/v1/units/HT-999")).StatusCode);
    }

    [Fact]
    public async Task Units_RefuseABadDateOrLevel_NamingTheField()
    {
        var response = await Leader.Http.GetAsync("/api/v1/units?asOf=31/03/2025&level=ward");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("asOf", out _));
        Assert.True(errors.TryGetProperty("level", out _));
    }

    [Fact]
    public async Task Query_AsOfMarch2025_RanksTheOldCommunesAndDistricts_FromTheFirstQuarter()
    {
        var communes = ByCode(await QueryAsync(new { measure = OnlineShare, level = "commune", asOf = "2025-03-31" }));
        var districts = ByCode(await QueryAsync(new { measure = OnlineShare, level = "district", parent = "42", asOf = "2025-03-31" }));

        Assert.Equal(["HT-O001", "HT-O002", "HT-O003", "HT-O004"], communes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(80, communes["HT-O001"].GetProperty("value").GetDouble(), 9);
        Assert.Equal(25, communes["HT-O004"].GetProperty("value").GetDouble(), 9);
        Assert.Equal("Thị trấn Nghèn", communes["HT-O004"].GetProperty("name").GetString());
        Assert.Equal(100.0 * 120 / 180, districts["436"].GetProperty("value").GetDouble(), 9);
        Assert.Equal(180, districts["436"].GetProperty("denominator").GetDouble(), 9);
    }

    [Fact]
    public async Task Query_AsOfSeptember2025_RollsTheOldCommunesIntoTheNewOnes()
    {
        var communes = ByCode(await QueryAsync(new { measure = OnlineShare, level = "commune", asOf = "2025-09-30" }));

        Assert.Equal(["HT-001", "HT-002"], communes.Keys.Order(StringComparer.Ordinal));
        var thanhSen = communes["HT-001"];
        Assert.Equal(90 + 30 + (0.4 * 40), thanhSen.GetProperty("numerator").GetDouble(), 9);
        Assert.Equal(120 + 60 + (0.4 * 50), thanhSen.GetProperty("denominator").GetDouble(), 9);
        Assert.Equal(["HT-O001", "HT-O002", "HT-O003"], thanhSen.GetProperty("from").EnumerateArray().Select(c => c.GetString()));

        // Can Lộc reported its own third quarter: that, not its predecessors' second.
        Assert.Equal(80, communes["HT-002"].GetProperty("value").GetDouble(), 9);
        Assert.Equal(0, communes["HT-002"].GetProperty("from").GetArrayLength());
    }

    [Fact]
    public async Task Query_ProvinceFromTheNewCommunes_EqualsTheOldCommunesRatioOfSums()
    {
        var at = new DateTimeOffset(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
        var province = ByCode(await QueryAsync(new { measure = OnlineShare, level = "province", asOf = "2025-09-30", at }))["42"];
        var communes = ByCode(await QueryAsync(new { measure = OnlineShare, level = "commune", asOf = "2025-09-30", at }));

        var old = UnitsServerFixture.SecondQuarter;
        Assert.Equal(100 * old.Sum(c => c.Online) / old.Sum(c => c.Received), province.GetProperty("value").GetDouble(), 9);
        Assert.Equal(old.Sum(c => c.Received), communes.Values.Sum(c => c.GetProperty("denominator").GetDouble()), 9);
        Assert.Equal(old.Sum(c => c.Online), communes.Values.Sum(c => c.GetProperty("numerator").GetDouble()), 9);
    }

    [Fact]
    public async Task Query_Counts_AreSums()
    {
        var at = new DateTimeOffset(2025, 3, 31, 0, 0, 0, TimeSpan.Zero);
        var answer = ByCode(await QueryAsync(new { measure = new { series = new { measurement = "dvc_records", field = "received" } }, level = "commune", asOf = "2025-09-30", at }));

        Assert.Equal(100 + 50 + (0.4 * 30), answer["HT-001"].GetProperty("value").GetDouble(), 9);
        Assert.Equal((0.6 * 30) + 20, answer["HT-002"].GetProperty("value").GetDouble(), 9);
    }

    [Fact]
    public async Task Query_RefusesARateThatCannotBeAddedUp_NamingTheField()
    {
        var response = await Leader.Http.PostAsJsonAsync("/api/v1/query/units", new
        {
            measure = new { series = new { measurement = "dvc_records", field = "online_rate" }, rollUp = "none" },
            level = "commune",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("measure.rollUp", out _));
    }

    [Fact]
    public async Task Query_IsForLeadersAndAdmins_NotOperators()
    {
        var body = new { measure = OnlineShare, level = "commune" };

        Assert.Equal(HttpStatusCode.OK, (await fixture.Server.Http.PostAsJsonAsync("/api/v1/query/units", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Operator.Http.PostAsJsonAsync("/api/v1/query/units", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Operator.Http.GetAsync("/api/v1/units")).StatusCode);
    }

    [Fact]
    public async Task DashboardData_FollowsTheDrilledUnit_AndDefaultsToTheProvince()
    {
        var province = await Leader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/dashboards/{UnitsServerFixture.Dashboard}/data");
        var commune = await Leader.Http.GetFromJsonAsync<JsonElement>($"/api/v1/dashboards/{UnitsServerFixture.Dashboard}/data?unit=HT-001");

        static JsonElement Received(JsonElement data) => Assert.Single(data.GetProperty("panels").GetProperty("received").GetProperty("series").EnumerateArray());
        Assert.Equal(1000, Received(province).GetProperty("last").GetProperty("value").GetDouble());
        Assert.Equal(400, Received(commune).GetProperty("last").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task Page_ShowsTheBreadcrumbBackToTheProvince()
    {
        var html = await Leader.Http.GetStringAsync($"/d/{UnitsServerFixture.Dashboard}?unit=HT-001");

        Assert.Contains($"<a href=\"/d/{UnitsServerFixture.Dashboard}\" data-unit=\"42\">Tỉnh Hà Tĩnh</a>", html, StringComparison.Ordinal);
        Assert.Contains("<span aria-current=\"page\" data-unit=\"HT-001\">Phường Thành Sen</span>", html, StringComparison.Ordinal);
        Assert.Contains("data-unit=\"HT-001\" data-unit-root=\"42\"", html, StringComparison.Ordinal);
    }
}
