using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Testing;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.InfluxDb;

public sealed class InfluxDbMetricStoreRoundTripTests : IClassFixture<InfluxDbServer>
{
    private const long Millisecond = 1_000_000;
    private readonly InfluxDbServer _server;

    public InfluxDbMetricStoreRoundTripTests(InfluxDbServer server) => _server = server;

    public static TheoryData<string, string, string, string> TrickyNames => new()
    {
        { "rt plain", "station", "Vinh", "pm25" },
        { "rt, comma and space", "tag key, with=all", "a b,c=d", "field, with=all" },
        { "rt=equals", "quote\"key", "it's \"quoted\"", "f'ield\"" },
        { "rt back\\slash", "back\\slash", @"C:\data\x y", @"fi\eld" },
        { "rt escaped-looking", "k", @"a\,b\ c\=d\\e", "v" },
        { "rt Nghệ An", "phường", "Phường Hà Huy Tập", "bụi mịn" },
        { "rt 🌧 mưa", "emoji 🌡", "🌧️ mưa to 🇻🇳", "lượng 💧" },
    };

    [Theory]
    [MemberData(nameof(TrickyNames))]
    public async Task Write_ThenRead_GivesNamesAndTagValuesBackExactly(string measurement, string tagKey, string tagValue, string field)
    {
        using var store = InfluxStores.Open(_server);
        var point = Point(measurement, [(tagKey, tagValue), ("other", "x y")], field, 42.5, Start);
        await store.WriteAsync(Valid([point, Point(measurement, [(tagKey, tagValue + " 2")], field, 1, Start)]));
        var selector = new SeriesSelector(measurement, new Dictionary<string, string> { [tagKey] = tagValue }, field);

        var last = Assert.Single(await store.QueryLastAsync(selector));
        var range = Assert.Single(await store.QueryRangeAsync(new RangeQuery(selector, Start, Start + Second, 10, Aggregation.Max)));

        Assert.Equal(point.Series, last.Series);
        Assert.Equal(point.Series.Text, last.Series.Text);
        Assert.Equal(field, last.Field);
        Assert.Equal(42.5, last.Value);
        Assert.Equal(point.Series, range.Series);
        Assert.Equal(new BucketValue(Start, 42.5), Assert.Single(range.Values));
    }

    [Fact]
    public async Task QueryLast_ReturnsNewestValueWithItsOwnTime_ForEverySeries()
    {
        using var store = InfluxStores.Open(_server);
        await store.WriteAsync(Valid(
        [
            Point("last_values", [("district", "Vinh")], "load", 1, Start),
            Point("last_values", [("district", "Vinh")], "load", 3, Start + 7 * Second + 5 * Millisecond),
            Point("last_values", [("district", "Vinh")], "load", 2, Start + 3 * Second),
            Point("last_values", [("district", "Cửa Lò")], "load", 9, Start + Second),
            Point("last_values", [("district", "Cửa Lò"), ("feeder", "F1")], "load", 4, Start + 2 * Second),
            Point("last_values", "load", 5, Start + 4 * Second),
        ]));

        var last = await store.QueryLastAsync(new SeriesSelector("last_values", "load"));

        Assert.Equal(
            new[]
            {
                ("last_values", Start + 4 * Second, 5.0),
                ("last_values,district=Cửa\\ Lò", Start + Second, 9.0),
                ("last_values,district=Cửa\\ Lò,feeder=F1", Start + 2 * Second, 4.0),
                ("last_values,district=Vinh", Start + 7 * Second + 5 * Millisecond, 3.0),
            },
            last.Select(l => (l.Series.Text, l.Timestamp, l.Value)));
    }

    [Fact]
    public async Task Queries_SelectSeriesByTagSubset()
    {
        using var store = InfluxStores.Open(_server);
        var points = Valid(
        [
            Point("subset", [("province", "Nghệ An"), ("district", "Vinh"), ("kind", "pm25")], "v", 1, Start),
            Point("subset", [("province", "Nghệ An"), ("district", "Cửa Lò"), ("kind", "pm25")], "v", 2, Start),
            Point("subset", [("province", "Nghệ An"), ("district", "Vinh"), ("kind", "pm10")], "v", 3, Start),
            Point("subset", [("province", "Hà Tĩnh"), ("district", "Vinh"), ("kind", "pm25")], "v", 4, Start),
        ]);
        await store.WriteAsync(points);

        async Task<double[]> ValuesAsync(params (string Key, string Value)[] tags)
        {
            var selector = new SeriesSelector("subset", tags.ToDictionary(t => t.Key, t => t.Value), "v");
            var last = (await store.QueryLastAsync(selector)).Select(l => l.Value).Order().ToArray();
            var range = (await store.QueryRangeAsync(new RangeQuery(selector, Start, Start + Second, 1, Aggregation.Sum)))
                .Select(r => Assert.Single(r.Values).Value).Order().ToArray();
            Assert.Equal(last, range);
            return last;
        }

        Assert.Equal(new double[] { 1, 2, 3, 4 }, await ValuesAsync());
        Assert.Equal(new double[] { 1, 2, 3 }, await ValuesAsync(("province", "Nghệ An")));
        Assert.Equal(new double[] { 1, 3, 4 }, await ValuesAsync(("district", "Vinh")));
        Assert.Equal(new double[] { 1, 4 }, await ValuesAsync(("district", "Vinh"), ("kind", "pm25")));
        Assert.Equal(new double[] { 1 }, await ValuesAsync(("province", "Nghệ An"), ("district", "Vinh"), ("kind", "pm25")));
        Assert.Empty(await ValuesAsync(("district", "Hoàng Mai")));
        Assert.Empty(await ValuesAsync(("no such tag", "Vinh")));
    }

    [Fact]
    public async Task Write_OfSameSeriesAndTime_OverwritesInsteadOfDuplicating()
    {
        using var store = InfluxStores.Open(_server);
        var points = Enumerable.Range(0, 100).Select(i => Point("overwrite", [("s", "a")], "v", i, Start + i * Second)).ToList();

        await store.WriteAsync(points);
        await store.WriteAsync(points);
        await store.WriteAsync([Point("overwrite", [("s", "a")], "v", 1_000, Start + 99 * Second)]);

        Assert.Equal(100, await _server.CountAsync("overwrite", "v"));
        var last = Assert.Single(await store.QueryLastAsync(new SeriesSelector("overwrite", "v")));
        Assert.Equal((Start + 99 * Second, 1_000.0), (last.Timestamp, last.Value));
    }

    [Fact]
    public async Task Write_TruncatesTimestampsToMilliseconds_ByDefault()
    {
        using var store = InfluxStores.Open(_server);

        await store.WriteAsync([Point("precision_ms", "v", 1, Start + 7 * Millisecond + 999_999)]);

        var last = Assert.Single(await store.QueryLastAsync(new SeriesSelector("precision_ms", "v")));
        Assert.Equal(Start + 7 * Millisecond, last.Timestamp);
    }

    [Fact]
    public async Task Write_KeepsNanoseconds_WhenPrecisionIsNs()
    {
        using var store = InfluxStores.Open(_server, configure: o => o.Precision = "ns");

        await store.WriteAsync([Point("precision_ns", "v", 1, Start + 123_456_789)]);

        var last = Assert.Single(await store.QueryLastAsync(new SeriesSelector("precision_ns", "v")));
        Assert.Equal(Start + 123_456_789, last.Timestamp);
    }

    [Fact]
    public async Task Queries_ReturnNothing_ForUnknownMeasurementOrField()
    {
        using var store = InfluxStores.Open(_server);
        await store.WriteAsync([Point("known", "v", 1, Start)]);

        Assert.Empty(await store.QueryLastAsync(new SeriesSelector("never_written", "v")));
        Assert.Empty(await store.QueryLastAsync(new SeriesSelector("known", "other")));
        Assert.Empty(await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("never_written", "v"), Start, Start + Second, 10, Aggregation.Mean)));
    }

    [Fact]
    public async Task Write_StoresTheSame_WithoutGzip()
    {
        using var store = InfluxStores.Open(_server, configure: o => o.Gzip = false);

        await store.WriteAsync(Enumerable.Range(0, 50).Select(i => Point("plain_body", [("xã", "Hưng Lộc")], "v", i, Start + i * Second)).ToList());

        Assert.Equal(50, await _server.CountAsync("plain_body", "v"));
    }

    [Fact]
    public async Task Ping_AnswersTrue_WhileInfluxdRuns()
    {
        using var store = InfluxStores.Open(_server);

        Assert.True(await store.PingAsync());
    }
}
