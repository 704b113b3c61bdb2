using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Data.Sqlite;
using static Ioc.Storage.Tests.Sqlite.TestPoints;

namespace Ioc.Storage.Tests.Sqlite;

public sealed class SqliteMetricStoreWriteTests
{
    private const string Measurement = "chất lượng không khí, \"trạm\"=A \\ B";
    private const string Field = "bụi mịn, \"PM2.5\"=µg\\m³";
    private const string District = "Phường Hà Huy Tập";

    private static readonly (string, string)[] TrickyTags =
    [
        ("quận, huyện", District),
        ("trạm \"đo\"=1", "a,b=c d\"e\\f"),
    ];

    [Fact]
    public async Task Write_RoundTripsNamesExactly_WhenTheyHoldUnicodeAndLineProtocolSyntax()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var point = Point(Measurement, TrickyTags, Field, 12.5, Start);
        await store.WriteAsync(Valid([point]));

        var last = Assert.Single(await store.QueryLastAsync(new SeriesSelector(Measurement, Field)));

        Assert.Equal(point.Series, last.Series);
        Assert.Equal(point.Series.Text, last.Series.Text);
        Assert.Equal(Measurement, last.Series.Measurement);
        Assert.Equal(point.Tags.ToArray(), last.Series.Tags.ToArray());
        Assert.Equal(District, last.Series.GetTag("quận, huyện"));
        Assert.Equal(Field, last.Field);
        Assert.Equal((Start, 12.5), (last.Timestamp, last.Value));
    }

    [Fact]
    public async Task Write_KeepsComposedAndDecomposedUnicodeApart_BecauseNamesAreCompared_Ordinally()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var decomposed = District.Normalize(NormalizationForm.FormD);
        Assert.NotEqual(District, decomposed);
        await store.WriteAsync(Valid(
        [
            Point("dân số", [("phường", District)], "người", 1, Start),
            Point("dân số", [("phường", decomposed)], "người", 2, Start),
        ]));

        var values = await store.QueryLastAsync(new SeriesSelector("dân số", "người"));

        Assert.Equal(2, values.Count);
        Assert.Equal(1, Assert.Single(values, v => v.Series.GetTag("phường") == District).Value);
        Assert.Equal(2, Assert.Single(values, v => v.Series.GetTag("phường") == decomposed).Value);
    }

    [Fact]
    public async Task Write_OverwritesPoint_WhenSeriesFieldAndTimeRepeat()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var tags = new[] { ("district", District) };
        await store.WriteAsync([Point("traffic", tags, "speed", 40, Start), Point("traffic", tags, "speed", 41, Start + Second)]);
        await store.WriteAsync([Point("traffic", tags, "speed", 55, Start)]);
        await store.WriteAsync([Point("traffic", tags, "speed", 56, Start), Point("traffic", tags, "speed", 57, Start)]);

        var range = await store.QueryRangeAsync(new RangeQuery(new SeriesSelector("traffic", "speed"), Start, Start + 2 * Second, 10, Aggregation.Sum));

        var series = Assert.Single(range);
        Assert.Equal([new BucketValue(Start, 57), new BucketValue(Start + Second, 41)], series.Values);
    }

    [Fact]
    public async Task Write_StoresEveryField_AsItsOwnSeries()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var point = new MetricPoint("weather", [new Tag("city", "Vinh")], [new Field("temperature", 31.5), new Field("humidity", 78)], Start);
        await store.WriteAsync(Valid([point]));

        var temperature = Assert.Single(await store.QueryLastAsync(new SeriesSelector("weather", "temperature")));
        var humidity = Assert.Single(await store.QueryLastAsync(new SeriesSelector("weather", "humidity")));

        Assert.Equal(31.5, temperature.Value);
        Assert.Equal(78, humidity.Value);
        Assert.Equal(temperature.Series, humidity.Series);
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public async Task Write_StoresNothingOfTheBatch_WhenTheDatabaseRejectsAPointMidway(double rejected)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.WriteAsync([Point("power", [("plant", "old")], "mw", 1, Start)]);

        // New series before the bad value and after it: their ids must not survive the rollback either.
        var batch = new List<MetricPoint>();
        for (var i = 0; i < 1_000; i++)
        {
            batch.Add(Point("power", [("plant", $"new {i % 7}")], "mw", i, Start + i * Second));
            batch.Add(Point("power", [("plant", "old")], "mw", i, Start + i * Second));
        }

        batch.Insert(1_001, Point("power", [("plant", "new 3")], "mw", rejected, Start - Second));
        var error = await Record.ExceptionAsync(() => store.WriteAsync(batch));

        Assert.NotNull(error);
        if (double.IsInfinity(rejected))
        {
            // The table's CHECK refuses it; NaN is refused by Microsoft.Data.Sqlite before SQLite sees it.
            Assert.Equal(19, Assert.IsType<SqliteException>(error).SqliteErrorCode);
        }


        var selector = new SeriesSelector("power", "mw");
        var last = Assert.Single(await store.QueryLastAsync(selector));
        Assert.Equal(("old", Start, 1.0), (last.Series.GetTag("plant"), last.Timestamp, last.Value));

        // The same series written again must get rows that exist, not ids cached from the rolled-back batch.
        var valid = batch.Where(p => double.IsFinite(p.Fields[0].Value)).ToList();
        await store.WriteAsync(valid);
        var expected = valid.GroupBy(p => p.Series.GetTag("plant")).ToDictionary(g => g.Key!, g => g.Max(p => p.Timestamp));
        var values = await store.QueryLastAsync(selector);
        Assert.Equal(expected, values.ToDictionary(v => v.Series.GetTag("plant")!, v => v.Timestamp));
    }

    [Theory]
    [InlineData("measurement")]
    [InlineData("tag")]
    [InlineData("field")]
    public async Task Write_StoresNothingOfTheBatch_WhenANameHoldsALoneSurrogate(string where)
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        var lone = new string('\uD83D', 1); // half of an emoji; built here since theory data is serialised as UTF-8
        var bad = Point(
            where == "measurement" ? $"water {lone}" : "water",
            [("station", where == "tag" ? $"Bến {lone} Thủy" : "Bến Thủy")],
            where == "field" ? $"level {lone}" : "level",
            2,
            Start);

        await Assert.ThrowsAsync<ArgumentException>(() => store.WriteAsync([Point("water", [("station", "Vinh")], "level", 1, Start), bad]));

        Assert.Empty(await store.QueryLastAsync(new SeriesSelector("water", "level")));
    }

    [Fact]
    public async Task Write_StoresNothing_WhenCancelledMidBatch()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        using var cancellation = new CancellationTokenSource();
        var batch = new CancellingList(
            Enumerable.Range(0, 1_000).Select(i => Point("water", [("river", "Lam")], "level", i, Start + i * Second)).ToList(),
            cancelAt: 500,
            cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.WriteAsync(batch, cancellation.Token));

        Assert.Empty(await store.QueryLastAsync(new SeriesSelector("water", "level")));
        Assert.True(batch.Read > 500, "the batch was cancelled before the write began");
    }

    [Fact]
    public async Task Write_KeepsData_WhenTheFileIsReopened()
    {
        await using var folder = new StoreFolder();
        var first = folder.Open();
        await first.WriteAsync(Valid([Point(Measurement, TrickyTags, Field, 7, Start), Point(Measurement, TrickyTags, Field, 8, Start + Second)]));
        await first.DisposeAsync();

        var second = folder.Open();
        var last = Assert.Single(await second.QueryLastAsync(new SeriesSelector(Measurement, Field)));
        Assert.Equal((Start + Second, 8.0), (last.Timestamp, last.Value));

        // The reopened store finds the existing series instead of creating a twin of it.
        await second.WriteAsync([Point(Measurement, TrickyTags, Field, 9, Start + 2 * Second)]);
        last = Assert.Single(await second.QueryLastAsync(new SeriesSelector(Measurement, Field)));
        Assert.Equal(9, last.Value);
    }

    [Fact]
    public async Task Write_DoesNothing_WhenTheBatchIsEmpty()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        await store.WriteAsync([]);

        Assert.False(File.Exists(folder.DatabasePath));
    }

    [Fact]
    public async Task Write_Throws_AfterTheStoreIsDisposed()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();
        await store.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.WriteAsync([Point("a", "b", 1, Start)]));
        Assert.False(await store.PingAsync());
    }

    [Fact]
    public async Task Write_Throws_WhenGivenNull()
    {
        await using var folder = new StoreFolder();
        var store = folder.Open();

        await Assert.ThrowsAsync<ArgumentNullException>(() => store.WriteAsync(null!));
    }

    /// <summary>A batch that cancels its own token once the writer has read past a given point.</summary>
    private sealed class CancellingList(List<MetricPoint> points, int cancelAt, CancellationTokenSource cancellation) : IReadOnlyList<MetricPoint>
    {
        public int Read { get; private set; }

        public int Count => points.Count;

        public MetricPoint this[int index]
        {
            get
            {
                Read = Math.Max(Read, index + 1);
                if (index == cancelAt)
                {
                    cancellation.Cancel();
                }

                return points[index];
            }
        }

        public IEnumerator<MetricPoint> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
