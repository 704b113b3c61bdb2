using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ioc.Testing;

namespace Ioc.Bench;

/// <summary>
/// A room of screens resyncing at once, as after a node or Redis comes back: N concurrent
/// <c>GET /api/v1/dashboards/{id}/data</c> of the first-paint bench's 12-panel dashboard over 30 days of one-minute
/// data, against this build and a baseline build (another commit's <c>Ioc.Server.dll</c>) on the same data,
/// alternating which goes first. It reports the time until every screen has its answer, each answer's latency,
/// and the CPU the server and influxd spent.
/// </summary>
internal static class DataStormBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: data-storm <baseline Ioc.Server.dll> [screens] [rounds] [influx,sqlite]");
            return 2;
        }

        var baseline = Path.GetFullPath(args[0]);
        var screens = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var stores = args.Length > 3 ? args[3].Split(',') : ["influx", "sqlite"];
        if (BenchServerProcess.FindBuiltServer() is not { } current)
        {
            return 1;
        }

        Print($"data storm: {screens} screens ask for the 12-panel dashboard's data at once; {rounds} rounds; this build {current} against {baseline}; load {File.ReadAllText("/proc/loadavg").Trim()}");
        foreach (var store in stores)
        {
            await RunStoreAsync(store, current, baseline, screens, rounds);
        }

        return 0;
    }

    private static async Task RunStoreAsync(string store, string current, string baseline, int screens, int rounds)
    {
        var data = Directory.CreateTempSubdirectory("ioc-storm-").FullName;
        InfluxDbServer? influx = null;
        try
        {
            await FirstPaintBench.WriteDashboardAsync(Path.Combine(data, "dashboards"));
            string[] storeArgs = [];
            if (store == "influx")
            {
                influx = new InfluxDbServer { Database = "ioc_storm" };
                await influx.InitializeAsync();
                storeArgs = ["--Ioc:Storage:Kind=InfluxDb", $"--Ioc:Storage:InfluxDb:Url={influx.Url}", $"--Ioc:Storage:InfluxDb:Database={influx.Database}"];
            }

            await using (var writer = await BenchServerProcess.StartAsync(current, data, BenchServer.FreePort(), storeArgs))
            {
                using var access = await BenchAccess.SignInAsync(writer.BaseUrl);
                var written = await FirstPaintBench.WriteHistoryAsync(access);
                Print($"{store}: wrote {written.Values:N0} values in {written.Seconds:0.0} s");
            }

            var results = new Dictionary<string, List<Storm>> { ["this"] = [], ["baseline"] = [] };
            for (var round = 0; round < rounds; round++)
            {
                var order = round % 2 == 0 ? new[] { ("this", current), ("baseline", baseline) } : [("baseline", baseline), ("this", current)];
                foreach (var (name, dll) in order)
                {
                    var storm = await StormAsync(dll, data, storeArgs, influx, screens);
                    results[name].Add(storm);
                    Print($"  {store} round {round + 1} {name,-8}: all answered in {storm.AllMs,7:0} ms; p50 {storm.P50Ms,6:0} ms, p99 {storm.P99Ms,6:0} ms; Ioc CPU {storm.IocCpuMs,6:0} ms, influxd CPU {storm.InfluxCpuMs,6:0} ms; {storm.Failed} failed");
                }
            }

            Print($"{store}, medians of {rounds}, this build / baseline:");
            Ratio("all answered", results, s => s.AllMs, "ms");
            Ratio("p99 of one answer", results, s => s.P99Ms, "ms");
            Ratio("Ioc CPU", results, s => s.IocCpuMs, "ms");
            if (influx is not null)
            {
                Ratio("influxd CPU", results, s => s.InfluxCpuMs, "ms");
            }
        }
        finally
        {
            if (influx is not null)
            {
                await influx.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task<Storm> StormAsync(string dll, string data, string[] storeArgs, InfluxDbServer? influx, int screens)
    {
        await using var server = await BenchServerProcess.StartAsync(dll, data, BenchServer.FreePort(), storeArgs);
        using var access = await BenchAccess.SignInAsync(server.BaseUrl, createWriteKey: false);
        using var handler = new SocketsHttpHandler { CookieContainer = access.Cookies, MaxConnectionsPerServer = screens, AutomaticDecompression = DecompressionMethods.All };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        var path = $"/api/v1/dashboards/{FirstPaintBench.DashboardId}/data";

        // Warm: compiled code, pools, the store's caches; and one connection per screen opened beforehand.
        (await http.GetAsync(path)).EnsureSuccessStatusCode();
        await Task.WhenAll(Enumerable.Range(0, screens).Select(_ => http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/healthz"))));

        var iocCpu = ServerProbe.CpuTimeOf(server.ProcessId);
        var influxCpu = influx?.ProcessId is { } pid ? ServerProbe.CpuTimeOf(pid) : TimeSpan.Zero;
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, screens).Select(async _ =>
        {
            var started = clock.Elapsed;
            using var response = await http.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            return (Ms: (clock.Elapsed - started).TotalMilliseconds, Ok: response.StatusCode == HttpStatusCode.OK);
        }));
        var all = clock.Elapsed.TotalMilliseconds;
        var latencies = answers.Select(a => a.Ms).Order().ToList();
        return new Storm(
            all,
            latencies[latencies.Count / 2],
            latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(latencies.Count * 0.99) - 1)],
            (ServerProbe.CpuTimeOf(server.ProcessId) - iocCpu).TotalMilliseconds,
            influx?.ProcessId is { } after ? (ServerProbe.CpuTimeOf(after) - influxCpu).TotalMilliseconds : 0,
            answers.Count(a => !a.Ok));
    }

    private static void Ratio(string what, Dictionary<string, List<Storm>> results, Func<Storm, double> value, string unit)
    {
        var mine = Median(results["this"].Select(value));
        var theirs = Median(results["baseline"].Select(value));
        var ratios = results["this"].Zip(results["baseline"], (a, b) => value(b) == 0 ? double.NaN : value(a) / value(b)).ToList();
        Print($"  {what,-18} {mine,8:0} {unit} / {theirs,8:0} {unit} = {mine / theirs:0.00} [{ratios.Min():0.00}–{ratios.Max():0.00}]");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private sealed record Storm(double AllMs, double P50Ms, double P99Ms, double IocCpuMs, double InfluxCpuMs, int Failed);
}
