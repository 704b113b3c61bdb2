using System.Globalization;
using System.Net.Http.Json;
using Ioc.Server.Features.Query;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Ingest;

/// <summary>One point of a commune's online rate and records received, as a client library is asked to write it.</summary>
public sealed record CommunePoint(string Unit, string UnitName, string Level, double Rate, long Received, long TimeMs);

/// <summary>
/// Points whose tag values need every escape line protocol has: commas, spaces and '=' in Vietnamese names with
/// diacritics ("Xã Cẩm Bình, huyện Cẩm Xuyên"), so a client that escapes wrongly, or a server that reads escapes
/// wrongly, shows in the names read back.
/// </summary>
internal static class CommunePoints
{
    private static readonly string[] Communes =
        ["Cẩm Bình", "Cẩm Vịnh", "Thạch Hà", "Kỳ Anh", "Hương Khê", "Đức Thọ", "Nghi Xuân", "Can Lộc", "Lộc Hà", "Vũ Quang"];

    private static readonly string[] Districts = ["Cẩm Xuyên", "Thạch Hà", "Kỳ Anh", "Hương Sơn", "Đức Thọ"];

    /// <summary><paramref name="units"/> communes × <paramref name="minutes"/> one-minute points ending before now.</summary>
    public static IReadOnlyList<CommunePoint> Make(int units = 50, int minutes = 20)
    {
        var start = (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 30 * 60) * 1000;
        var points = new List<CommunePoint>(units * minutes);
        for (var u = 0; u < units; u++)
        {
            var name = $"Xã {Communes[u % Communes.Length]} {u + 1}, huyện {Districts[u % Districts.Length]}";
            if (u % 3 == 0)
            {
                name += $" (mã=HT{u:000})";
            }

            for (var t = 0; t < minutes; t++)
            {
                var rate = 50 + ((u * 37 + t * 11) % 5000) / 100d;
                points.Add(new CommunePoint($"HT{u:000}", name, "commune", rate, 100 + (u * t), start + t * 60_000));
            }
        }

        return points;
    }

    /// <summary>Asserts the measurement holds exactly these points, names and values included, read through the query API.</summary>
    public static async Task AssertStoredAsync(IocServer server, string measurement, IReadOnlyList<CommunePoint> expected)
    {
        var from = expected.Min(p => p.TimeMs) - 1000;
        var to = expected.Max(p => p.TimeMs) + 1000;
        foreach (var (field, value) in new (string, Func<CommunePoint, double>)[] { ("online_rate", p => p.Rate), ("received", p => p.Received) })
        {
            var stored = await RangeAsync(server, measurement, field, from, to);
            var byUnit = expected.GroupBy(p => p.Unit).ToList();
            Assert.Equal(byUnit.Count, stored.Count);
            foreach (var unit in byUnit)
            {
                var series = Assert.Single(stored, s => s.Tags["unit"] == unit.Key);
                Assert.Equal(unit.First().UnitName, series.Tags["unit_name"]);
                Assert.Equal("commune", series.Tags["level"]);
                Assert.Equal(3, series.Tags.Count);
                Assert.Equal(unit.Select(value), series.Points.Select(p => p[1]));

                // Each point sits alone in its bucket, which starts at most one bucket before the point.
                Assert.All(series.Points.Zip(unit), pair => Assert.InRange(pair.Second.TimeMs - pair.First[0], 0, series.BucketMs));
            }
        }
    }

    public static async Task<IReadOnlyList<RangeSeries>> RangeAsync(IocServer server, string measurement, string field, long from, long to)
    {
        var request = new { queries = new[] { new { measurement, field, aggregation = "last" } }, from, to, maxPoints = QueryApi.MaxPointsLimit };
        using var response = await server.Http.PostAsJsonAsync("/api/v1/query/range", request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<QueryResponse<RangeSeries>>();
        return body!.Results[0].Series;
    }

    public static string Line(string measurement, CommunePoint p) => string.Create(
        CultureInfo.InvariantCulture,
        $"{measurement},level={p.Level},unit={p.Unit},unit_name={Escape(p.UnitName)} online_rate={p.Rate},received={p.Received}i {p.TimeMs}");

    private static string Escape(string tag) => tag.Replace(",", "\\,", StringComparison.Ordinal).Replace(" ", "\\ ", StringComparison.Ordinal).Replace("=", "\\=", StringComparison.Ordinal);
}
