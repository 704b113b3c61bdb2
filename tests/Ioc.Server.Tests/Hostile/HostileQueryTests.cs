using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ioc.Core.Metrics;

namespace Ioc.Server.Tests.Hostile;

/// <summary>
/// Reads a leader could send to hurt the server: ranges that never end, absurd sizes, names built to break a query
/// language. Each is a 400 naming the field (or, for a legal but strange name, exactly that name's data), and the
/// server is idle again within seconds.
/// </summary>
public sealed class HostileQueryTests(HostileServer server) : IClassFixture<HostileServer>
{
    private static double NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static JsonObject Query(string measurement = "h_q", string field = "v", JsonObject? tags = null) =>
        new() { ["measurement"] = measurement, ["field"] = field, ["tags"] = tags ?? [] };

    private static JsonObject Range(double from, double to, int maxPoints = 240, JsonArray? queries = null) =>
        new() { ["queries"] = queries ?? [Query()], ["from"] = from, ["to"] = to, ["maxPoints"] = maxPoints };

    public static TheoryData<string, string, string> BadRanges => new()
    {
        { "a range across the epoch with one point", Json(Range(-1, 1, 1)), "from" },
        { "the whole of long with one point", Json(Range(0, 9.2e18, 1)), "to" },
        { "a far-future end", Json(Range(0, 1e300)), "to" },
        { "a far-past start", Json(Range(-1e300, NowMs)), "from" },
        { "a reversed range", Json(Range(NowMs, NowMs - 1000)), "to" },
        { "an empty range", Json(Range(NowMs, NowMs)), "to" },
        { "a range shorter than a nanosecond", Json(Range(0.0000001, 0.0000002)), "to" },
        { "a day in the future", Json(Range(NowMs, NowMs + 86_400_000)), "to" },
        { "21 years", Json(Range(NowMs - (21 * 365.25 * 86_400_000), NowMs)), "to" },
        { "everything since 1970", Json(Range(0, NowMs)), "to" },
        { "zero points", Json(Range(NowMs - 3_600_000, NowMs, 0)), "maxPoints" },
        { "negative points", Json(Range(NowMs - 3_600_000, NowMs, -5)), "maxPoints" },
        { "5,001 points", Json(Range(NowMs - 3_600_000, NowMs, 5001)), "maxPoints" },
        { "int.MaxValue points", Json(Range(NowMs - 3_600_000, NowMs, int.MaxValue)), "maxPoints" },
        { "10,000 queries", Json(Range(NowMs - 3_600_000, NowMs, 240, [.. Enumerable.Range(0, 10_000).Select(_ => (JsonNode)Query())])), "queries" },
        { "no queries", Json(Range(NowMs - 3_600_000, NowMs, 240, [])), "queries" },
        { "an empty measurement", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(measurement: "")])), "queries[0].measurement" },
        { "a measurement of 300 characters", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(measurement: new string('m', 300))])), "queries[0].measurement" },
        { "a NUL in the measurement", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(measurement: "h\u0000q")])), "queries[0].measurement" },
        { "a measurement ending in a backslash", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(measurement: "h_q\\")])), "queries[0].measurement" },
        { "the field 'time'", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(field: "time")])), "queries[0].field" },
        { "a field starting with '_'", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(field: "_secret")])), "queries[0].field" },
        { "an empty field", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(field: "")])), "queries[0].field" },
        { "33 tags", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(tags: [.. Enumerable.Range(0, 33).Select(i => KeyValuePair.Create($"t{i}", (JsonNode?)"v"))])])), "queries[0].tags" },
        { "an empty tag value", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(tags: new JsonObject { ["unit"] = "" })])), "queries[0].tags" },
        { "a tag key starting with '_'", Json(Range(NowMs - 3_600_000, NowMs, 240, [Query(tags: new JsonObject { ["_measurement"] = "x" })])), "queries[0].tags" },
    };

    [Theory]
    [MemberData(nameof(BadRanges))]
    public async Task ABadRangeRead_Is400NamingTheField(string what, string json, string field)
    {
        var response = await PostAsync("/api/v1/query/range", json);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{what}: {body}");
        await server.AssertIdleAsync(what);
    }

    [Theory]
    [InlineData("not JSON", "{")]
    [InlineData("a string for a time", """{"queries":[{"measurement":"h_q","field":"v"}],"from":"yesterday","to":1}""")]
    [InlineData("an unknown aggregation", """{"queries":[{"measurement":"h_q","field":"v","aggregation":"median"}],"from":1,"to":2}""")]
    [InlineData("a number for an aggregation", """{"queries":[{"measurement":"h_q","field":"v","aggregation":3}],"from":1,"to":2}""")]
    [InlineData("queries as an object", """{"queries":{"measurement":"h_q"},"from":1,"to":2}""")]
    [InlineData("a null query", """{"queries":[null],"from":1,"to":2}""")]
    public async Task AMalformedBody_Is400(string what, string json)
    {
        var response = await PostAsync("/api/v1/query/range", json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode}");
        await server.AssertIdleAsync(what);
    }

    [Fact]
    public async Task TenThousandLastQueries_Are400()
    {
        var response = await PostAsync("/api/v1/query/last", Json(new JsonObject { ["queries"] = new JsonArray([.. Enumerable.Range(0, 10_000).Select(_ => (JsonNode)Query())]) }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 100 queries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Quotes, backslashes and regular-expression characters are legal in names: they select exactly themselves.</summary>
    [Fact]
    public async Task NamesWithQuotesBackslashesAndRegexCharacters_SelectExactlyThemselves()
    {
        string[] measurements = ["h_\"quoted\"", "h_it's", "h_back\\slash", "h_re.*", "h_re|x", "h_/^re$/"];
        string[] tagValues = ["'; DROP MEASUREMENT h_q; --", "\" OR 1=1 --", "a\\b", ".*", "/.*/", "(?:x)"];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var lines = new StringBuilder();
        for (var i = 0; i < measurements.Length; i++)
        {
            lines.Append(new SeriesKey(measurements[i], [new Tag("unit", tagValues[i])]).Text).Append(" v=").Append(i).Append(' ').Append(now).Append('\n');
        }

        lines.Append("h_rex,unit=x v=99 ").Append(now);
        using var content = new StringContent(lines.ToString(), Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.PostAsync("/api/v1/write?precision=ms", content)).StatusCode);

        for (var i = 0; i < measurements.Length; i++)
        {
            var answer = await PostAsync("/api/v1/query/last", Json(new JsonObject { ["queries"] = new JsonArray(Query(measurements[i], "v", new JsonObject { ["unit"] = tagValues[i] })) }));
            var series = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series");

            Assert.Equal(1, series.GetArrayLength());
            Assert.Equal(measurements[i], series[0].GetProperty("measurement").GetString());
            Assert.Equal(tagValues[i], series[0].GetProperty("tags").GetProperty("unit").GetString());
            Assert.Equal(i, series[0].GetProperty("value").GetDouble());
        }

        Assert.Equal(1, await server.SeriesCountAsync("h_rex"));
    }

    private static string Json(JsonNode node) => node.ToJsonString();

    private async Task<HttpResponseMessage> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await server.Http.PostAsync(path, content);
    }
}
