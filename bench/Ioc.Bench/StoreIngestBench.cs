using System.Diagnostics;
using System.Globalization;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Bench;

/// <summary>
/// How fast <see cref="SqliteMetricStore"/> takes points in batches of 5,000, next to the floor SQLite itself sets:
/// the same rows as plain prepared INSERTs into a bare table with the same key, one transaction per batch.
/// Then how long a dashboard's 240-bucket range query over the last day takes. Each round writes a new file.
/// </summary>
internal static class StoreIngestBench
{
    private const int DefaultPoints = 200_000;
    private const int BatchSize = 5_000;
    private const int Rounds = 3;
    private const int QueryRepeats = 20;
    private const long Second = 1_000_000_000;
    private const long Interval = 10 * Second;

    // Air-quality stations of Nghệ An, one per district: realistic names, with the Vietnamese letters the wall shows.
    private static readonly string[] Districts =
    [
        "Vinh", "Cửa Lò", "Hoàng Mai", "Thái Hòa", "Diễn Châu", "Quỳnh Lưu", "Nghi Lộc", "Hưng Nguyên", "Nam Đàn", "Thanh Chương",
        "Đô Lương", "Yên Thành", "Anh Sơn", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong", "Quỳ Châu", "Quỳ Hợp", "Nghĩa Đàn",
    ];

    private static readonly long End = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public static async Task<int> RunAsync(string[] args)
    {
        var points = DefaultPoints;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out points) || points < Districts.Length))
        {
            Console.Error.WriteLine($"usage: store [points], points a whole number of at least {Districts.Length}");
            return 2;
        }

        points -= points % Districts.Length;
        var folder = Path.Combine(Path.GetTempPath(), "ioc-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var rows = Rows(points);
            Print($"store ingest: {points:N0} points over {Districts.Length} series in batches of {BatchSize:N0}, median of {Rounds} rounds");

            // Untimed warm-up, so neither side pays for JIT compilation in its first round.
            await WriteThroughStoreAsync(Path.Combine(folder, "warm-store.db"), rows[..Math.Min(rows.Length, 2 * BatchSize)]);
            WriteBaseline(Path.Combine(folder, "warm-baseline.db"), rows[..Math.Min(rows.Length, 2 * BatchSize)]);

            var storeTimes = new List<TimeSpan>();
            var baselineTimes = new List<TimeSpan>();
            for (var round = 0; round < Rounds; round++)
            {
                baselineTimes.Add(WriteBaseline(Path.Combine(folder, $"baseline-{round}.db"), rows));
                storeTimes.Add(await WriteThroughStoreAsync(Path.Combine(folder, $"store-{round}.db"), rows));
            }

            var storeRate = points / Median(storeTimes).TotalSeconds;
            var baselineRate = points / Median(baselineTimes).TotalSeconds;
            Print($"  SqliteMetricStore     {storeRate,12:N0} points/s   (rounds: {string.Join(", ", storeTimes.Select(t => $"{t.TotalMilliseconds:N0} ms"))})");
            Print($"  plain INSERT baseline {baselineRate,12:N0} points/s   (rounds: {string.Join(", ", baselineTimes.Select(t => $"{t.TotalMilliseconds:N0} ms"))})");
            Print($"  ratio store/baseline  {storeRate / baselineRate,12:0.00}");

            await MeasureRangeQueryAsync(Path.Combine(folder, "store-0.db"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Collector order: each timestamp carries one point per station, the newest ending at <see cref="End"/>.</summary>
    private static (int Series, long Timestamp, double Value)[] Rows(int points)
    {
        var perSeries = points / Districts.Length;
        var random = new Random(42);
        var rows = new (int, long, double)[points];
        for (var k = 0; k < perSeries; k++)
        {
            for (var s = 0; s < Districts.Length; s++)
            {
                var daily = 25 + 15 * Math.Sin(2 * Math.PI * k / 8_640.0 + s);
                rows[k * Districts.Length + s] = (s, End - (perSeries - k) * Interval, Math.Round(daily + random.NextDouble() * 5, 2));
            }
        }

        return rows;
    }

    private static async Task<TimeSpan> WriteThroughStoreAsync(string path, (int Series, long Timestamp, double Value)[] rows)
    {
        // The points are built before the clock starts, as a collector hands them over; their series keys are
        // left for the store to compute, since that is part of its work.
        var batches = rows.Select(r => new MetricPoint(
                "air_quality",
                [new Tag("province", "Nghệ An"), new Tag("district", Districts[r.Series]), new Tag("station", $"Trạm {r.Series + 1}")],
                [new Field("pm25", r.Value)],
                r.Timestamp))
            .Chunk(BatchSize)
            .ToList();

        await using var store = Open(path);
        await store.PingAsync();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            await store.WriteAsync(batch);
        }

        return clock.Elapsed;
    }

    private static TimeSpan WriteBaseline(string path, (int Series, long Timestamp, double Value)[] rows)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = NORMAL;
                CREATE TABLE points (series_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, PRIMARY KEY (series_id, ts)) WITHOUT ROWID;
                """;
            setup.ExecuteNonQuery();
        }

        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO points (series_id, ts, value) VALUES ($series, $ts, $value)";
        var series = insert.Parameters.Add("$series", SqliteType.Integer);
        var ts = insert.Parameters.Add("$ts", SqliteType.Integer);
        var value = insert.Parameters.Add("$value", SqliteType.Real);
        insert.Prepare();

        var clock = Stopwatch.StartNew();
        foreach (var batch in rows.Chunk(BatchSize))
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            foreach (var row in batch)
            {
                series.Value = row.Series + 1;
                ts.Value = row.Timestamp;
                value.Value = row.Value;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return clock.Elapsed;
    }

    private static async Task MeasureRangeQueryAsync(string path)
    {
        await using var store = Open(path);
        const long day = 86_400 * Second;
        var oneStation = new SeriesSelector("air_quality", new Dictionary<string, string> { ["district"] = "Vinh" }, "pm25");
        var allStations = new SeriesSelector("air_quality", "pm25");
        foreach (var (label, selector) in new[] { ("1 series", oneStation), ($"{Districts.Length} series", allStations) })
        {
            var query = new RangeQuery(selector, End - day, End, 240, Aggregation.Mean);
            var times = new List<TimeSpan>();
            IReadOnlyList<SeriesRange> result = [];
            for (var i = 0; i < QueryRepeats; i++)
            {
                var clock = Stopwatch.StartNew();
                result = await store.QueryRangeAsync(query);
                times.Add(clock.Elapsed);
            }

            var buckets = result.Sum(r => r.Values.Count);
            var width = result[0].BucketWidth / Second / 60;
            Print($"  range query, 24 h, max 240 buckets ({width} min), {label}: first {times[0].TotalMilliseconds:0.0} ms, median {Median(times).TotalMilliseconds:0.0} ms of {QueryRepeats} ({buckets} buckets)");
        }
    }

    private static SqliteMetricStore Open(string path) =>
        new(Options.Create(new SqliteMetricStoreOptions { Path = path }), NullLogger<SqliteMetricStore>.Instance);

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
