using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Ingest;

/// <summary>
/// One API key cannot flood the store with series: per measurement (counted from the store, so across restarts)
/// and per key. A batch over a limit is refused whole, naming the measurement and the limit. Panels draw at most
/// <c>options.maxSeries</c> series, the highest, and say how many more there are.
/// </summary>
public sealed class SeriesLimitTests : IAsyncLifetime
{
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-dashboards-").FullName;
    private readonly string _data = Directory.CreateTempSubdirectory("ioc-series-").FullName;
    private IocServer _server = null!;

    private Dictionary<string, string?> Settings => new()
    {
        ["Ioc:Ingest:MaxSeriesPerMeasurement"] = "5",
        ["Ioc:Ingest:MaxSeriesPerKey"] = "12",
        ["Ioc:DashboardsPath"] = _dashboards,
        ["Ioc:Storage:Sqlite:Path"] = Path.Combine(_data, "ioc.db"),
        ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_data, "config.db"),
    };

    public async Task InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_dashboards, "communes.json"), """
            {
              "apiVersion": "ioc/v1", "id": "communes", "title": "Communes", "audience": "wall",
              "panels": [
                { "id": "rate", "type": "bar", "title": "Online rate by commune",
                  "series": [{ "measurement": "commune_rate", "field": "online_rate" }],
                  "options": { "labelTag": "unit", "maxSeries": 3 } },
                { "id": "trend", "type": "timeseries", "title": "Trend",
                  "series": [{ "measurement": "commune_rate", "field": "online_rate" }],
                  "options": { "maxSeries": 2 } }
              ]
            }
            """);
        _server = await IocServer.StartAsync(Settings);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task ABatchAddingSeriesPastTheMeasurementsLimit_IsRefusedWhole_AlsoAfterARestart()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(_server.Http, Lines("flooded", 0, 4, now))).StatusCode);

        var over = await WriteAsync(_server.Http, $"flooded,unit=u0 value=2 {now}\n" + Lines("flooded", 4, 2, now));

        await AssertRefusedAsync(over, "measurement 'flooded'", "Ioc:Ingest:MaxSeriesPerMeasurement");
        Assert.Equal(4, await CountAsync(_server.Http, "flooded"));
        Assert.Equal(1, await LastValueAsync(_server.Http, "flooded", "u0"));

        // The store is the count: a restarted server knows the measurement holds 4 and allows one more only.
        await _server.DisposeAsync();
        _server = await IocServer.StartAsync(Settings);
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(_server.Http, Lines("flooded", 4, 1, now))).StatusCode);
        await AssertRefusedAsync(await WriteAsync(_server.Http, Lines("flooded", 5, 1, now)), "measurement 'flooded'", "5 series");
    }

    [Fact]
    public async Task AKeyCreatingSeriesPastItsLimit_IsRefused_WhileAnotherKeyStillWrites()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var flooder = Session.Anonymous(_server.BaseUrl);
        flooder.Http.DefaultRequestHeaders.Authorization = new("Token", await _server.Admin.CreateApiKeyAsync("flooder"));
        for (var m = 0; m < 3; m++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(flooder.Http, Lines($"flood_{m}", 0, 4, now))).StatusCode);
        }

        var over = await WriteAsync(flooder.Http, Lines("flood_3", 0, 1, now));
        var rewrite = await WriteAsync(flooder.Http, Lines("flood_0", 0, 4, now + 1000));
        var other = await WriteAsync(_server.Http, Lines("flood_3", 0, 1, now));

        await AssertRefusedAsync(over, "Ioc:Ingest:MaxSeriesPerKey", "'flood_3'");
        Assert.Equal(HttpStatusCode.NoContent, rewrite.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
    }

    [Fact]
    public async Task APanelDrawsItsMaxSeries_WithTheHighestLatestValues_AndCountsTheRest()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = string.Join('\n', Enumerable.Range(0, 5).Select(i => $"commune_rate,unit=c{i} online_rate={10 * i} {now}"));
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(_server.Http, lines)).StatusCode);

        var data = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/communes/data");

        var rate = data.GetProperty("panels").GetProperty("rate");
        Assert.Equal(["c2", "c3", "c4"], rate.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("tags").GetProperty("unit").GetString()));
        Assert.Equal(2, rate.GetProperty("more").GetInt32());
        var trend = data.GetProperty("panels").GetProperty("trend");
        Assert.Equal(2, trend.GetProperty("series").GetArrayLength());
        Assert.Equal(3, trend.GetProperty("more").GetInt32());
        Assert.All(trend.GetProperty("series").EnumerateArray(), s => Assert.Equal(1, s.GetProperty("points").GetArrayLength()));
    }

    private static string Lines(string measurement, int first, int count, long time) =>
        string.Join('\n', Enumerable.Range(first, count).Select(i => $"{measurement},unit=u{i} value=1 {time}"));

    private static async Task<HttpResponseMessage> WriteAsync(HttpClient http, string lines)
    {
        using var body = new StringContent(lines, Encoding.UTF8);
        return await http.PostAsync("/api/v1/write?precision=ms", body);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, params string[] named)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.All(named, n => Assert.Contains(n, text, StringComparison.Ordinal));
        Assert.Contains("nothing of this batch was stored", text, StringComparison.Ordinal);
    }

    private static async Task<int> CountAsync(HttpClient http, string measurement)
    {
        var answer = await http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, field = "value" } } });
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series").GetArrayLength();
    }

    private static async Task<double> LastValueAsync(HttpClient http, string measurement, string unit)
    {
        var answer = await http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, tags = new Dictionary<string, string> { ["unit"] = unit }, field = "value" } } });
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series")[0].GetProperty("value").GetDouble();
    }
}
