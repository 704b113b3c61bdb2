using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Storage.InfluxDb;
using Ioc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ioc.Bench;

/// <summary>
/// How fast <see cref="InfluxDbMetricStore"/> gets points into a private influxd, next to the floor influxd itself
/// sets: the same points as line protocol formatted beforehand, posted plainly to <c>/write</c> in batches of 5,000.
/// The store's share is formatting, compression and its request handling. Every round writes measurements of its
/// own, so no side overwrites what the other wrote.
/// </summary>
internal static class InfluxIngestBench
{
    private const int DefaultPoints = 100_000;
    private const int BatchSize = 5_000;
    private const int Rounds = 5;
    private const long Second = 1_000_000_000;
    private const long Interval = 10 * Second;

    private static readonly string[] Districts =
    [
        "Vinh", "Cửa Lò", "Hoàng Mai", "Thái Hòa", "Diễn Châu", "Quỳnh Lưu", "Nghi Lộc", "Hưng Nguyên", "Nam Đàn", "Thanh Chương",
        "Đô Lương", "Yên Thành", "Anh Sơn", "Con Cuông", "Tương Dương", "Kỳ Sơn", "Quế Phong", "Quỳ Châu", "Quỳ Hợp", "Nghĩa Đàn",
    ];

    private static readonly long End = UnixTime.ToNanoseconds(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero));

    public static async Task<int> RunAsync(string[] args)
    {
        var count = DefaultPoints;
        if (args.Length > 0 && (!int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < Districts.Length))
        {
            Console.Error.WriteLine($"usage: influx [points], points a whole number of at least {Districts.Length}");
            return 2;
        }

        count -= count % Districts.Length;
        await using var server = new InfluxDbServer { Database = "ioc_bench" };
        await server.InitializeAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        Print($"influx ingest: {count:N0} points over {Districts.Length} series in batches of {BatchSize:N0}, influxd started in {server.StartupTime.TotalSeconds:0.0} s, median of {Rounds} rounds");

        // Untimed warm-up: JIT, connection set-up, and influxd creating its first shard.
        await PostBaselineAsync(http, server, Bodies(Points("warm_b", 2 * BatchSize)));
        await WriteThroughStoreAsync(server, Points("warm_s", 2 * BatchSize), gzip: true);

        // The whole path a sender sees: Ioc's ingest API in front of the same influxd (API key, parse, validate, spool check, store).
        await using var ioc = await BenchServer.StartAsync(
            "--Ioc:Storage:Kind=InfluxDb", $"--Ioc:Storage:InfluxDb:Url={server.Url}", $"--Ioc:Storage:InfluxDb:Database={server.Database}");
        using var access = await BenchAccess.SignInAsync(ioc.BaseUrl);
        using var writer = access.CreateWriter(TimeSpan.FromMinutes(1));
        await PostAsync(writer, $"{ioc.BaseUrl}/api/v1/write?precision=ms", Bodies(Points("warm_i", 2 * BatchSize)));

        var baseline = new List<TimeSpan>();
        var gzipped = new List<TimeSpan>();
        var plain = new List<TimeSpan>();
        var throughIoc = new List<TimeSpan>();
        for (var round = 0; round < Rounds; round++)
        {
            baseline.Add(await PostBaselineAsync(http, server, Bodies(Points($"air_b{round}", count))));
            gzipped.Add(await WriteThroughStoreAsync(server, Points($"air_g{round}", count), gzip: true));
            plain.Add(await WriteThroughStoreAsync(server, Points($"air_p{round}", count), gzip: false));
            throughIoc.Add(await PostAsync(writer, $"{ioc.BaseUrl}/api/v1/write?precision=ms", Bodies(Points($"air_i{round}", count))));
        }

        foreach (var round in Enumerable.Range(0, Rounds))
        {
            foreach (var prefix in (string[])["air_b", "air_g", "air_p", "air_i"])
            {
                var stored = await server.CountAsync($"{prefix}{round}", "pm25");
                if (stored != count)
                {
                    Console.Error.WriteLine($"{prefix}{round} holds {stored:N0} points, not {count:N0}");
                    return 1;
                }
            }
        }

        var baselineRate = count / Median(baseline).TotalSeconds;
        var gzipRate = count / Median(gzipped).TotalSeconds;
        var plainRate = count / Median(plain).TotalSeconds;
        Print($"  straight to /write (baseline)   {baselineRate,12:N0} points/s   (rounds: {Times(baseline)})");
        Print($"  InfluxDbMetricStore, gzip       {gzipRate,12:N0} points/s   (rounds: {Times(gzipped)})");
        Print($"  InfluxDbMetricStore, no gzip    {plainRate,12:N0} points/s   (rounds: {Times(plain)})");
        var iocRate = count / Median(throughIoc).TotalSeconds;
        Print($"  ratio store/baseline            {gzipRate / baselineRate,12:0.00} (gzip)   {plainRate / baselineRate:0.00} (no gzip)");
        Print($"  through Ioc's /api/v1/write     {iocRate,12:N0} points/s   (rounds: {Times(throughIoc)})");
        Print($"  ratio Ioc/baseline              {iocRate / baselineRate,12:0.00}");
        return 0;
    }

    /// <summary>Collector order: each timestamp carries one point per district, whole seconds, the newest just before <see cref="End"/>.</summary>
    private static List<MetricPoint> Points(string measurement, int count)
    {
        var perSeries = count / Districts.Length;
        var random = new Random(42);
        var points = new List<MetricPoint>(count);
        for (var k = 0; k < perSeries; k++)
        {
            for (var s = 0; s < Districts.Length; s++)
            {
                var daily = 25 + 15 * Math.Sin(2 * Math.PI * k / 8_640.0 + s);
                points.Add(new MetricPoint(
                    measurement,
                    [new Tag("province", "Nghệ An"), new Tag("district", Districts[s]), new Tag("station", $"Trạm {s + 1}")],
                    [new Field("pm25", Math.Round(daily + random.NextDouble() * 5, 2))],
                    End - (perSeries - k) * Interval));
            }
        }

        return points;
    }

    private static List<byte[]> Bodies(List<MetricPoint> points) =>
        points.Chunk(BatchSize)
            .Select(batch =>
            {
                var sb = new StringBuilder(batch.Length * 96);
                foreach (var point in batch)
                {
                    LineProtocolFormatter.Append(sb, point, Precision.Milliseconds);
                    sb.Append('\n');
                }

                return Encoding.UTF8.GetBytes(sb.ToString());
            })
            .ToList();

    private static Task<TimeSpan> PostBaselineAsync(HttpClient http, InfluxDbServer server, List<byte[]> bodies) =>
        PostAsync(http, $"{server.Url}/write?db={server.Database}&precision=ms", bodies);

    private static async Task<TimeSpan> PostAsync(HttpClient http, string url, List<byte[]> bodies)
    {
        var clock = Stopwatch.StartNew();
        foreach (var body in bodies)
        {
            using var content = new ByteArrayContent(body);
            using var response = await http.PostAsync(url, content);
            response.EnsureSuccessStatusCode();
        }

        return clock.Elapsed;
    }

    private static async Task<TimeSpan> WriteThroughStoreAsync(InfluxDbServer server, List<MetricPoint> points, bool gzip)
    {
        // One call with all the points, as the spool's replay hands over a backlog; the store cuts the requests.
        using var store = new InfluxDbMetricStore(
            Options.Create(new InfluxDbMetricStoreOptions { Url = server.Url, Database = server.Database, BatchSize = BatchSize, Gzip = gzip }),
            NullLogger<InfluxDbMetricStore>.Instance);
        await store.PingAsync();
        var clock = Stopwatch.StartNew();
        await store.WriteAsync(points);
        return clock.Elapsed;
    }

    private static TimeSpan Median(List<TimeSpan> times) => times.Order().ElementAt(times.Count / 2);

    private static string Times(List<TimeSpan> times) => string.Join(", ", times.Select(t => $"{t.TotalMilliseconds:N0} ms"));

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
