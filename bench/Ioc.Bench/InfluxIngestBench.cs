using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ioc.Core.Metrics;
using Ioc.Testing;

namespace Ioc.Bench;

/// <summary>
/// Ingest through Ioc into InfluxDB against the floor influxd itself sets, in the same run: batches of 5,000 lines
/// of line protocol, built beforehand, posted by parallel clients either straight to a private influxd's
/// <c>/write</c> (the baseline) or to <c>POST /api/v1/write</c> of the built server, running in its own process in
/// production mode with that influxd as its metric store. Each round runs both, in alternating order, on
/// measurements of their own, so neither overwrites the other and a machine growing busier hurts both alike. The
/// CPU time of the server and of influxd per point is read from their processes. The embedded SQLite store follows,
/// paired the same way with the baseline.
/// </summary>
internal static class InfluxIngestBench
{
    private const int Lines = 5_000;
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
        var numbers = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        var settings = args[numbers.Length..];
        var values = new[] { 100, 4, 5 };
        for (var i = 0; i < numbers.Length; i++)
        {
            if (i >= values.Length || !int.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                Console.Error.WriteLine("usage: influx [batches] [clients] [rounds] [--Ioc:setting=value …], whole numbers of at least 1");
                return 2;
            }
        }

        var (batches, clients, rounds) = (values[0], values[1], values[2]);
        var sqlite = !settings.Contains("--no-sqlite");
        settings = settings.Where(s => s != "--no-sqlite").ToArray();
        var points = batches * Lines;

        await using var influx = new InfluxDbServer { Database = "ioc_bench" };
        await influx.InitializeAsync();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var straight = $"{influx.Url}/write?db={influx.Database}&precision=ms";
        Print($"ingest: {batches} batches x {Lines:N0} lines ({points:N0} points over {Districts.Length} series), {clients} parallel clients, {rounds} rounds, {Environment.ProcessorCount} cores, load {Load()}");
        if (settings.Length > 0)
        {
            Print($"server settings: {string.Join(' ', settings)}");
        }

        var data = Directory.CreateTempSubdirectory("ioc-bench-").FullName;
        try
        {
            var results = new List<(Phase Baseline, Phase Ioc)>();
            var key = await IocProcess.CreateWriteKeyAsync(data);
            await using (var ioc = await IocProcess.StartAsync(
                "Production",
                [
                    $"--Ioc:Storage:InfluxDb:Url={influx.Url}", $"--Ioc:Storage:InfluxDb:Database={influx.Database}",
                    "--Ioc:Scheduling:Storage=InMemory", "--Ioc:Configuration:Store=Sqlite", .. settings,
                ],
                data))
            using (var writer = ioc.CreateWriter(key))
            {
                var through = $"{ioc.BaseUrl}/api/v1/write?precision=ms";
                Print($"server process {ioc.Id}, influxd process {influx.ProcessId}");

                // Untimed: JIT and tiering on both sides, connections, influxd's first shards, Ioc learning the series.
                for (var pass = 0; pass < 2; pass++)
                {
                    await PostAsync(http, straight, Bodies($"warm_b{pass}", batches), clients, influx, null);
                    await PostAsync(writer, through, Bodies($"warm_i{pass}", batches), clients, influx, ioc);
                }
                for (var round = 0; round < rounds; round++)
                {
                    var b = Bodies($"air_b{round}", batches);
                    var i = Bodies($"air_i{round}", batches);
                    Phase baseline, viaIoc;
                    if (round % 2 == 0)
                    {
                        baseline = await PostAsync(http, straight, b, clients, influx, null);
                        viaIoc = await PostAsync(writer, through, i, clients, influx, ioc);
                    }
                    else
                    {
                        viaIoc = await PostAsync(writer, through, i, clients, influx, ioc);
                        baseline = await PostAsync(http, straight, b, clients, influx, null);
                    }

                    results.Add((baseline, viaIoc));
                    Print($"round {round + 1}: straight {baseline.Rate(points),9:N0} points/s   through Ioc {viaIoc.Rate(points),9:N0} points/s   ratio {viaIoc.Rate(points) / baseline.Rate(points):0.00}   CPU µs/point: straight influxd {baseline.InfluxCpu(points):0.00}; through Ioc influxd {viaIoc.InfluxCpu(points):0.00} + Ioc {viaIoc.IocCpu(points):0.00}");
                }

                foreach (var prefix in (string[])["air_b", "air_i"])
                {
                    for (var round = 0; round < rounds; round++)
                    {
                        var stored = await influx.CountAsync($"{prefix}{round}", "pm25");
                        if (stored != points)
                        {
                            Console.Error.WriteLine($"{prefix}{round} holds {stored:N0} points, not {points:N0}");
                            return 1;
                        }
                    }
                }
            }

            Print($"straight to influxd /write   {Spread(results.Select(r => r.Baseline.Rate(points)))} points/s");
            Print($"through Ioc into InfluxDB    {Spread(results.Select(r => r.Ioc.Rate(points)))} points/s");
            Print($"ratio Ioc/straight per round {Spread(results.Select(r => r.Ioc.Rate(points) / r.Baseline.Rate(points)), "0.00")}");
            Print($"CPU µs/point                 influxd straight {Median(results.Select(r => r.Baseline.InfluxCpu(points))):0.00}, through Ioc influxd {Median(results.Select(r => r.Ioc.InfluxCpu(points))):0.00} + Ioc {Median(results.Select(r => r.Ioc.IocCpu(points))):0.00}");

            if (sqlite)
            {
                var paired = new List<(Phase Baseline, Phase Sqlite)>();
                await using var embedded = await IocProcess.StartAsync("Production", ["--Ioc:Storage:Kind=Sqlite", "--Ioc:Scheduling:Storage=InMemory", "--Ioc:Configuration:Store=Sqlite", .. settings], data);
                using var writer = embedded.CreateWriter(key);
                var into = $"{embedded.BaseUrl}/api/v1/write?precision=ms";
                await PostAsync(writer, into, Bodies("warm_s", batches), clients, null, embedded);
                for (var round = 0; round < rounds; round++)
                {
                    var b = Bodies($"sql_b{round}", batches);
                    var s = Bodies($"sql_s{round}", batches);
                    var baseline = await PostAsync(http, straight, b, clients, influx, null);
                    var store = await PostAsync(writer, into, s, clients, null, embedded);
                    paired.Add((baseline, store));
                    Print($"round {round + 1}: straight {baseline.Rate(points),9:N0} points/s   into SQLite {store.Rate(points),9:N0} points/s   ratio {store.Rate(points) / baseline.Rate(points):0.00}   CPU µs/point Ioc {store.IocCpu(points):0.00}");
                }

                Print($"into the embedded SQLite     {Spread(paired.Select(r => r.Sqlite.Rate(points)))} points/s");
                Print($"ratio SQLite/straight        {Spread(paired.Select(r => r.Sqlite.Rate(points) / r.Baseline.Rate(points)), "0.00")}");
            }

            Print($"load after: {Load()}");
            return 0;
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Wall time of one phase, and the CPU time the server and influxd spent in it.</summary>
    private readonly record struct Phase(TimeSpan Elapsed, TimeSpan Influx, TimeSpan Ioc)
    {
        public double Rate(int points) => points / Elapsed.TotalSeconds;

        public double InfluxCpu(int points) => Influx.TotalMicroseconds / points;

        public double IocCpu(int points) => Ioc.TotalMicroseconds / points;
    }

    /// <summary>Collector order: each timestamp carries one point per district, whole seconds, the newest just before <see cref="End"/>.</summary>
    private static List<byte[]> Bodies(string measurement, int batches)
    {
        var perSeries = batches * Lines / Districts.Length;
        var random = new Random(42);
        var bodies = new List<byte[]>(batches);
        var sb = new StringBuilder(Lines * 96);
        for (var k = 0; k < perSeries; k++)
        {
            for (var s = 0; s < Districts.Length; s++)
            {
                var daily = 25 + 15 * Math.Sin(2 * Math.PI * k / 8_640.0 + s);
                LineProtocolFormatter.Append(sb, new MetricPoint(
                    measurement,
                    [new Tag("province", "Nghệ An"), new Tag("district", Districts[s]), new Tag("station", $"Trạm {s + 1}")],
                    [new Field("pm25", Math.Round(daily + random.NextDouble() * 5, 2))],
                    End - (perSeries - k) * Interval), Precision.Milliseconds);
                sb.Append('\n');
                if ((k * Districts.Length + s + 1) % Lines == 0)
                {
                    bodies.Add(Encoding.UTF8.GetBytes(sb.ToString()));
                    sb.Clear();
                }
            }
        }

        return bodies;
    }

    /// <summary>Every body posted once, by <paramref name="clients"/> senders taking the next one as they finish.</summary>
    private static async Task<Phase> PostAsync(HttpClient http, string url, List<byte[]> bodies, int clients, InfluxDbServer? influx, IocProcess? ioc)
    {
        var influxProcess = influx?.ProcessId is { } pid ? Process.GetProcessById(pid) : null;
        var influxBefore = Cpu(influxProcess);
        var iocBefore = ioc?.CpuTime ?? TimeSpan.Zero;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Count; i = Interlocked.Increment(ref next))
            {
                using var content = new ByteArrayContent(bodies[i]);
                using var response = await http.PostAsync(url, content);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
        })));
        var elapsed = clock.Elapsed;
        var phase = new Phase(elapsed, Cpu(influxProcess) - influxBefore, (ioc?.CpuTime ?? TimeSpan.Zero) - iocBefore);
        influxProcess?.Dispose();
        return phase;
    }

    private static TimeSpan Cpu(Process? process)
    {
        if (process is null)
        {
            return TimeSpan.Zero;
        }

        process.Refresh();
        return process.TotalProcessorTime;
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Spread(IEnumerable<double> values, string format = "N0")
    {
        var list = values.ToList();
        return string.Create(CultureInfo.InvariantCulture, $"median {Median(list).ToString(format, CultureInfo.InvariantCulture),9} (min {list.Min().ToString(format, CultureInfo.InvariantCulture)}, max {list.Max().ToString(format, CultureInfo.InvariantCulture)}, {list.Count} rounds)");
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "unknown";

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
