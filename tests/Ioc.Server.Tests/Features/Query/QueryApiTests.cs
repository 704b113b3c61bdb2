using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Server.Tests.Live;

namespace Ioc.Server.Tests.Features.Query;

public sealed class QueryApiTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task Range_DownsamplesIntoAtMostMaxPointsBuckets_WithTheAskedAggregation()
    {
        var measurement = "query_range_" + Guid.NewGuid().ToString("N")[..8];
        var start = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() / 60_000 * 60_000;
        var lines = string.Join('\n', Enumerable.Range(0, 600).Select(i => $"{measurement},unit=HT value={i} {start + (i * 1000)}"));
        using var body = new StringContent(lines, Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);

        var response = await Server.Http.PostAsJsonAsync("/api/v1/query/range", new
        {
            queries = new[] { new { measurement, field = "value", aggregation = "last" }, new { measurement, field = "value", aggregation = "mean" } },
            from = start,
            to = start + 600_000,
            maxPoints = 10,
        });

        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var last = json.GetProperty("results")[0].GetProperty("series")[0];
        var mean = json.GetProperty("results")[1].GetProperty("series")[0];
        Assert.Equal(60_000, last.GetProperty("bucketMs").GetDouble());
        Assert.Equal(10, last.GetProperty("points").GetArrayLength());
        Assert.Equal(59, last.GetProperty("points")[0][1].GetDouble());
        Assert.Equal(29.5, mean.GetProperty("points")[0][1].GetDouble());
        Assert.Equal(start, mean.GetProperty("points")[0][0].GetDouble());
    }

    [Fact]
    public async Task Range_Answers400NamingTheField_WhenRequestIsInvalid()
    {
        var response = await Server.Http.PostAsJsonAsync("/api/v1/query/range", new
        {
            queries = new[] { new { measurement = "", field = "value" } },
            from = 10,
            to = 5,
            maxPoints = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("queries[0].measurement", out _));
        Assert.True(errors.TryGetProperty("to", out _));
        Assert.True(errors.TryGetProperty("maxPoints", out _));
    }

    [Fact]
    public async Task DashboardDefinition_WritesEnumsAsInTheFiles()
    {
        var json = await Server.Http.GetStringAsync("/api/v1/dashboards/operations-wall");

        Assert.Contains("\"aggregation\":\"last\"", json, StringComparison.Ordinal);
    }
}
