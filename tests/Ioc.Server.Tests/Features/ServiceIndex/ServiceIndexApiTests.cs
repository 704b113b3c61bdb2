using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Server.Tests.Live;

namespace Ioc.Server.Tests.Features.ServiceIndex;

/// <summary>
/// The index read from counts written through the real store and scored with the repository's table
/// (indices/service-index-766.yaml). Each test uses its own level, so they share one server.
/// </summary>
public sealed class ServiceIndexApiTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    // Every indicator at its full-points mark (fees: none, so the payments indicator scores full by its rule): 100.
    private const string Perfect =
        "procedures_total=100,procedures_announced_on_time=100,procedures_published_complete=100,procedures_online=100," +
        "records_received=1000,records_synchronised=1000,records_settled=1000,records_settled_on_time=1000,settlement_days=500,legal_days=1000," +
        "records_digitised=1000,results_digitised=1000,digitised_reused=500,records_online=1000,records_with_fees=0,records_paid_online=0,ratings=10,ratings_satisfied=10";

    // By hand: publicity 6×.9 + 6×.8 + 6×.95 = 15.9; progress 12×.9 + 8×(100−75)/50 = 14.8; digitisation 8×.6 + 8×.5 + 6×10/50 = 10;
    // online 8×.7 + 8×.3 + 6×.25 = 9.5; satisfaction 18×.9 = 16.2; total 66.4.
    private const string Partial =
        "procedures_total=100,procedures_announced_on_time=90,procedures_published_complete=80,procedures_online=70," +
        "records_received=1000,records_synchronised=950,records_settled=800,records_settled_on_time=720,settlement_days=6000,legal_days=8000," +
        "records_digitised=600,results_digitised=400,digitised_reused=100,records_online=300,records_with_fees=200,records_paid_online=50,ratings=100,ratings_satisfied=90";

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task Communes_AreScoredRankedAndTraceable_WithEstimateMarks()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-2);
        await WriteAsync(at, $"service_index_inputs,level=commune,unit=HT-003,unit_name=Phường\\ Hà\\ Huy\\ Tập {Partial}", $"service_index_inputs,level=commune,unit=HT-001,unit_name=Phường\\ Thành\\ Sen {Perfect}");

        var answer = await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index?level=commune");

        Assert.Equal("service-index-766", answer.GetProperty("table").GetString());
        var entries = answer.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["HT-001", "HT-003"], entries.Select(e => e.GetProperty("code").GetString()));
        Assert.Equal([100.0, 66.4], entries.Select(e => e.GetProperty("total").GetDouble()));
        Assert.Equal([1, 2], entries.Select(e => e.GetProperty("rank").GetInt32()));
        Assert.All(entries, e => Assert.Equal(2, e.GetProperty("rankOf").GetInt32()));
        var second = entries[1];
        Assert.Equal("Phường Hà Huy Tập", second.GetProperty("name").GetString());
        Assert.Equal(
            [("publicity", 15.9, false), ("progress", 14.8, false), ("digitisation", 10.0, true), ("online", 9.5, true), ("satisfaction", 16.2, true)],
            second.GetProperty("groups").EnumerateArray().Select(g => (g.GetProperty("id").GetString()!, g.GetProperty("score").GetDouble(), g.GetProperty("estimate").GetBoolean())));
        Assert.True(second.GetProperty("estimate").GetBoolean());

        var onTime = Indicator(second, "settled-on-time");
        Assert.Equal(90, onTime.GetProperty("value").GetDouble());
        Assert.Equal(10.8, onTime.GetProperty("score").GetDouble());
        Assert.Equal("decision-766-annex", onTime.GetProperty("basis").GetString());
        var numerator = onTime.GetProperty("numerator");
        Assert.Equal("service_index_inputs,level=commune,unit=HT-003,unit_name=Phường\\ Hà\\ Huy\\ Tập", numerator.GetProperty("series").GetString());
        Assert.Equal("Phường Hà Huy Tập", numerator.GetProperty("tags").GetProperty("unit_name").GetString());
        Assert.Equal("records_settled_on_time", numerator.GetProperty("field").GetString());
        Assert.Equal(720, numerator.GetProperty("value").GetDouble());
        Assert.Equal(Minute(at), numerator.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(800, onTime.GetProperty("denominator").GetProperty("value").GetDouble());
        Assert.Equal("estimate", Indicator(second, "satisfied").GetProperty("basis").GetString());
    }

    [Fact]
    public async Task OneAgency_IsAnsweredWithItsRankAmongAgencies_AndAnUnknownCodeIs404()
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        await WriteAsync(
            at,
            $"service_index_inputs,level=agency,agency=HT-STP,agency_name=Sở\\ Tư\\ pháp {Perfect}",
            $"service_index_inputs,level=agency,agency=HT-STNMT,agency_name=Sở\\ Nông\\ nghiệp\\ và\\ Môi\\ trường {Partial}");

        var answer = await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index/HT-STNMT");

        Assert.Equal("agency", answer.GetProperty("level").GetString());
        var entry = Assert.Single(answer.GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal(("Sở Nông nghiệp và Môi trường", 66.4, 2, 2), (entry.GetProperty("name").GetString(), entry.GetProperty("total").GetDouble(), entry.GetProperty("rank").GetInt32(), entry.GetProperty("rankOf").GetInt32()));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("/api/v1/service-index/HT-NOBODY")).StatusCode);
    }

    [Fact]
    public async Task Province_AsOfAnEarlierTime_ReadsTheCountsThen_AndTheTrendHoldsPastWeeks()
    {
        var empty = await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index?level=province&trend=week&points=3");
        var times = empty.GetProperty("trendTimes").EnumerateArray().Select(t => t.GetDateTimeOffset()).ToList();
        Assert.Equal(3, times.Count);
        Assert.Equal(TimeSpan.FromDays(7), times[1] - times[0]);
        var lastWeek = Minute(times[1].AddHours(-1));
        var now = Minute(DateTimeOffset.UtcNow.AddMinutes(-1));
        await WriteAsync(lastWeek, $"service_index_inputs,level=province,unit=HT,unit_name=Tỉnh\\ Hà\\ Tĩnh {Partial}");
        await WriteAsync(now, $"service_index_inputs,level=province,unit=HT,unit_name=Tỉnh\\ Hà\\ Tĩnh {Perfect}");

        var current = await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index?level=province&trend=week&points=3");
        var then = await Server.Http.GetFromJsonAsync<JsonElement>($"/api/v1/service-index?level=province&asOf={Uri.EscapeDataString(lastWeek.AddMinutes(30).ToString("O", CultureInfo.InvariantCulture))}");

        var province = Assert.Single(current.GetProperty("entries").EnumerateArray().ToList());
        Assert.Equal(100, province.GetProperty("total").GetDouble());
        Assert.Equal([null, 66.4, 100.0], province.GetProperty("trend").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? (double?)null : v.GetDouble()));
        Assert.Equal(66.4, Assert.Single(then.GetProperty("entries").EnumerateArray().ToList()).GetProperty("total").GetDouble());
    }

    [Theory]
    [InlineData("level=district", "level")]
    [InlineData("asOf=2999-01-01", "asOf")]
    [InlineData("asOf=yesterday", "asOf")]
    [InlineData("trend=day", "trend")]
    [InlineData("points=0", "points")]
    public async Task BadQuery_Is400_NamingTheParameter(string query, string parameter)
    {
        using var response = await Server.Http.GetAsync($"/api/v1/service-index?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _));
    }

    [Fact]
    public async Task AScoringTableWhoseGroupsDoNotAddUp_StopsStartUp()
    {
        var folder = Directory.CreateTempSubdirectory("ioc-indices-").FullName;
        var table = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "indices", "service-index-766.yaml"));
        await File.WriteAllTextAsync(Path.Combine(folder, "service-index-766.yaml"), table.Replace("maxPoints: 18", "maxPoints: 19", StringComparison.Ordinal));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:IndicesPath"] = folder }));

        Assert.Contains("did not load", ex.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    private static JsonElement Indicator(JsonElement entry, string id) =>
        entry.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("indicators").EnumerateArray()).Single(i => i.GetProperty("id").GetString() == id);

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    private async Task WriteAsync(DateTimeOffset at, params string[] lines)
    {
        var ms = Minute(at).ToUnixTimeMilliseconds();
        using var content = new StringContent(string.Join('\n', lines.Select(l => $"{l} {ms}")), Encoding.UTF8);
        using var response = await Server.Http.PostAsync("/api/v1/write?precision=ms", content);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
