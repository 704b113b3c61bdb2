using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SqliteMetricStoreSelectionTests
{
    private static readonly MetricPoint[] Stations =
    [
        Point("water", [("province", "Nghệ An"), ("district", "Vinh"), ("station", "Bến Thủy")], "level", 1, Start),
        Point("water", [("province", "Nghệ An"), ("district", "Vinh"), ("station", "Hưng Hòa")], "level", 2, Start),
        Point("water", [("province", "Nghệ An"), ("district", "Cửa Lò")], "level", 3, Start),
        Point("water", [("province", "Hà Tĩnh"), ("district", "Vinh")], "level", 4, Start),
        Point("water", [("province", "Nghệ An"), ("district", "Vinh"), ("station", "Bến Thủy")], "flow", 5, Start),
        Point("rain", [("province", "Nghệ An"), ("district", "Vinh")], "level", 6, Start),
    ];

    public static TheoryData<string[], double[]> Selections => new()
    {
        { [], [1, 2, 3, 4] },
        { ["province=Nghệ An"], [1, 2, 3] },
        { ["district=Vinh"], [1, 2, 4] },
        { ["province=Nghệ An", "district=Vinh"], [1, 2] },
        { ["station=Bến Thủy"], [1] },
        { ["province=Nghệ An", "station=Hưng Hòa"], [2] },
        { ["province=Quảng Bình"], [] },
        { ["district=vinh"], [] },
        { ["river=Lam"], [] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task QueryLast_ReturnsSeriesHoldingEveryTagOfTheSelector(string[] tags, double[] expected)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.WriteAsync(Valid(Stations));

        var values = await store.QueryLastAsync(Selector(tags, "level"));

        Assert.Equal(expected, values.Select(v => v.Value).Order());
        Assert.All(values, v => Assert.Equal(("water", "level"), (v.Series.Measurement, v.Field)));
    }

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task QueryRange_ReturnsSeriesHoldingEveryTagOfTheSelector(string[] tags, double[] expected)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.WriteAsync(Valid(Stations));

        var ranges = await store.QueryRangeAsync(new RangeQuery(Selector(tags, "level"), Start, Start + Second, 10, Aggregation.Last));

        Assert.Equal(expected, ranges.Select(r => Assert.Single(r.Values).Value).Order());
        Assert.All(ranges, r => Assert.True(Selector(tags, "level").Matches(r.Series)));
    }

    [Fact]
    public async Task QueryLast_ReturnsTheNewestPoint_NotTheLastWritten()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var tags = new[] { ("plant", "Hủa Na") };
        await store.WriteAsync([Point("power", tags, "mw", 180, Start + 10 * Second), Point("power", tags, "mw", 175, Start + 20 * Second)]);
        await store.WriteAsync([Point("power", tags, "mw", 150, Start), Point("power", tags, "mw", 160, Start + 15 * Second)]);

        var last = Assert.Single(await store.QueryLastAsync(new SeriesSelector("power", "mw")));

        Assert.Equal((Start + 20 * Second, 175.0), (last.Timestamp, last.Value));
        Assert.Equal("Hủa Na", last.Series.GetTag("plant"));
    }

    [Fact]
    public async Task QueryLast_ReturnsEachSeriesOnce_WithItsOwnNewestValue()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var points = new List<MetricPoint>();
        for (var s = 0; s < 12; s++)
        {
            for (var i = 0; i <= s; i++)
            {
                points.Add(Point("queue", [("counter", $"Quầy {s}")], "waiting", s * 100 + i, Start + i * Second));
            }
        }

        await store.WriteAsync(points);

        var values = await store.QueryLastAsync(new SeriesSelector("queue", "waiting"));

        Assert.Equal(12, values.Count);
        Assert.All(values, v =>
        {
            var s = int.Parse(v.Series.GetTag("counter")!["Quầy ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal((Start + s * Second, s * 101.0), (v.Timestamp, v.Value));
        });
    }

    [Fact]
    public async Task QueryLast_ReturnsNothing_BeforeAnythingIsWritten()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        Assert.Empty(await store.QueryLastAsync(new SeriesSelector("water", "level")));
        Assert.True(await store.PingAsync());
    }

    private static SeriesSelector Selector(string[] tags, string field) =>
        new("water", tags.Select(t => t.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]), field);
}
