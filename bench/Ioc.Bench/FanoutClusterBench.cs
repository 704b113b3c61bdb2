using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Ioc.Testing;

namespace Ioc.Bench;

/// <summary>
/// Live fan-out on two Ioc nodes against one, in the same run: one node without Redis, one node with the Redis
/// backplane on, and two nodes sharing that Redis, each serving half the screens. Every node runs the production
/// parts that a cluster shares (configuration in PostgreSQL, so the display token and the key ring are the same on
/// both; metrics in InfluxDB) in embedded mode, so the bench signs in over plain HTTP as <see cref="FanoutBench"/>
/// does. Writes go to the first node through <c>POST /api/v1/write</c>, one 24-point batch a second. Measured: the
/// latency over all screens, memory per connection and CPU per delivered message summed over the nodes (Redis's CPU
/// apart), and whether every screen received every batch exactly once and in order.
/// </summary>
internal static class FanoutClusterBench
{
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);
    private static int _runs;

    private enum Layout
    {
        OneNode,
        OneNodeRedis,
        TwoNodes,
    }

    private sealed record Stores(PostgreSqlServer Postgres, InfluxDbServer Influx, RedisServer Redis);

    private sealed record RunResult(double P50, double P99, double Max, double RssKb, double HeapKb, double CpuUs, double RedisCpuUs, long Delivered, long Expected, DeliveryCheck Delivery);

    public static async Task<int> RunAsync(string[] args)
    {
        var (screens, pairs, measured, compact, iocArguments) = FanoutArguments.Parse(args, "1000,5000");
        if (!File.Exists(IocProcess.ServerDll))
        {
            Console.Error.WriteLine($"build the server first: dotnet build -c Release src/Ioc.Server (missing {IocProcess.ServerDll})");
            return 1;
        }

        var stores = new Stores(new PostgreSqlServer(), new InfluxDbServer { Database = "ioc_fanout" }, new RedisServer());
        await Task.WhenAll(stores.Postgres.InitializeAsync(), stores.Influx.InitializeAsync(), stores.Redis.InitializeAsync());
        try
        {
            Print($"fan-out, two nodes against one: {FanoutMessage.Points} points a second to every screen ({(compact ? "compact" : "full")} points), {measured.TotalSeconds:0} s measured after {FanoutBench.Warmup.TotalSeconds:0} s, {pairs} round(s) per size; configuration in PostgreSQL, metrics in InfluxDB; load {Environment.ProcessorCount} cores, {File.ReadAllText("/proc/loadavg").Trim()}");
            if (iocArguments.Length > 0)
            {
                Print($"Ioc settings: {string.Join(' ', iocArguments)}");
            }

            Print($"{"screens",7} {"nodes",-8} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"RSS KB/conn",11} {"heap KB/conn",12} {"CPU µs/msg",10} {"Redis µs",8} {"delivered",12} exactly once, in order");
            var results = new List<(int Screens, Dictionary<Layout, RunResult> Runs)>();
            Layout[] layouts = [Layout.OneNode, Layout.OneNodeRedis, Layout.TwoNodes];
            foreach (var n in screens)
            {
                for (var round = 0; round < pairs; round++)
                {
                    // A different layout first each round, so a machine getting busier favours none of them.
                    var runs = new Dictionary<Layout, RunResult>();
                    foreach (var layout in layouts.Skip(round % layouts.Length).Concat(layouts.Take(round % layouts.Length)))
                    {
                        runs[layout] = await RunOnceAsync(layout, n, measured, compact, stores, iocArguments);
                    }

                    results.Add((n, runs));
                    PrintRatios(n, "2/1 Redis", runs[Layout.TwoNodes], runs[Layout.OneNodeRedis]);
                    PrintRatios(n, "Redis/no", runs[Layout.OneNodeRedis], runs[Layout.OneNode]);
                }
            }

            Print($"");
            Print($"summary (median of rounds, [min–max]); two nodes against one node with Redis, and Redis against none:");
            foreach (var group in results.GroupBy(r => r.Screens))
            {
                var g = group.Select(r => r.Runs).ToList();
                Print($"{group.Key,6} screens: p99 2 nodes {Median(g, Layout.TwoNodes, r => r.P99),5:0} ms, 1 node+Redis {Median(g, Layout.OneNodeRedis, r => r.P99),5:0}, 1 node {Median(g, Layout.OneNode, r => r.P99),5:0}; ratio 2/1 {Spread(g, r => r.P99)}, Redis/no {Spread(g, r => r.P99, Layout.OneNodeRedis, Layout.OneNode)}");
                Print($"{"",6}          CPU µs/msg (nodes) 2 nodes {Median(g, Layout.TwoNodes, r => r.CpuUs),5:0.0}, 1 node+Redis {Median(g, Layout.OneNodeRedis, r => r.CpuUs),5:0.0}, 1 node {Median(g, Layout.OneNode, r => r.CpuUs),5:0.0}; ratio 2/1 {Spread(g, r => r.CpuUs)}, Redis/no {Spread(g, r => r.CpuUs, Layout.OneNodeRedis, Layout.OneNode)}; Redis µs/msg 2 nodes {Median(g, Layout.TwoNodes, r => r.RedisCpuUs):0.00}, 1 node {Median(g, Layout.OneNodeRedis, r => r.RedisCpuUs):0.00}");
                Print($"{"",6}          heap KB/conn 2 nodes {Median(g, Layout.TwoNodes, r => r.HeapKb),5:0.0}, 1 node+Redis {Median(g, Layout.OneNodeRedis, r => r.HeapKb),5:0.0}, 1 node {Median(g, Layout.OneNode, r => r.HeapKb),5:0.0}; RSS KB/conn {Median(g, Layout.TwoNodes, r => r.RssKb),5:0.0}, {Median(g, Layout.OneNodeRedis, r => r.RssKb),5:0.0}, {Median(g, Layout.OneNode, r => r.RssKb),5:0.0}");
                Print($"{"",6}          exactly once, in order: {string.Join(", ", layouts.Select(l => $"{Name(l)} {g.Sum(r => r[l].Delivery.Exact)}/{g.Sum(r => r[l].Delivery.Screens)}"))}");
            }

            return results.All(r => r.Runs.Values.All(v => v.Delivery.Exact == v.Delivery.Screens)) ? 0 : 3;
        }
        finally
        {
            await Task.WhenAll(stores.Postgres.DisposeAsync(), stores.Influx.DisposeAsync(), stores.Redis.DisposeAsync());
        }
    }

    private static async Task<RunResult> RunOnceAsync(Layout layout, int n, TimeSpan measured, bool compact, Stores stores, string[] iocArguments)
    {
        var run = Interlocked.Increment(ref _runs);
        var database = await stores.Postgres.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"fanout_{run}"));
        // A prefix of its own: each run numbers its series from the start, as a fresh cluster would.
        (string Configuration, string Prefix)? redis = layout == Layout.OneNode ? null : (stores.Redis.Configuration, string.Create(CultureInfo.InvariantCulture, $"fanout{run}"));
        var nodes = new List<(Process Process, ServerProbe Probe, string Url, string Data)>();
        FanoutScreens? screens = null;
        try
        {
            // The first node creates the schema; the second joins it.
            for (var i = 0; i < (layout == Layout.TwoNodes ? 2 : 1); i++)
            {
                nodes.Add(await StartNodeAsync(i, database, stores.Influx, redis, iocArguments));
            }

            var urls = nodes.Select(x => x.Url).ToList();
            using var access = await BenchAccess.SignInAsync(urls[0]);
            using var writer = access.CreateWriter();
            var token = await access.CreateDisplayTokenAsync(FanoutMessage.Dashboard);
            // Each node's screens trade the one token for their display cookies at their own node, as kiosks do.
            var cookies = new List<IReadOnlyList<CookieContainer>>();
            foreach (var url in urls)
            {
                var pool = new List<CookieContainer>();
                for (var c = 0; c < Math.Clamp(n / urls.Count, 1, 100); c++)
                {
                    pool.Add(await BenchAccess.KioskCookiesAsync(url, token));
                }

                cookies.Add(pool);
            }

            await FanoutBench.WriteAsync(writer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
            var heapBefore = await Task.WhenAll(nodes.Select(x => x.Probe.HeapAfterCollectionAsync()));
            var rssBefore = nodes.Select(x => x.Probe.WorkingSet()).ToList();

            var connecting = Stopwatch.StartNew();
            screens = await FanoutScreens.ConnectAsync(n, urls, cookies, compact, FanoutBench.Warmup + measured + TimeSpan.FromSeconds(10));
            Console.Error.WriteLine($"  [{Name(layout)}] {n} screens connected in {connecting.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(TimeSpan.FromSeconds(3));
            var heapAfter = await Task.WhenAll(nodes.Select(x => x.Probe.HeapAfterCollectionAsync()));
            var rssAfter = nodes.Select(x => x.Probe.WorkingSet()).ToList();

            using var stop = new CancellationTokenSource();
            var writes = new ConcurrentBag<double>();
            var writing = FanoutBench.WriteEverySecondAsync(writer, writes, stop.Token);
            screens.ResetLatencies();
            await Task.Delay(FanoutBench.Warmup);
            var redisPid = stores.Redis.ProcessId ?? throw new InvalidOperationException("redis-server is not running");
            var from = FanoutBench.Now();
            var cpuFrom = nodes.Select(x => x.Probe.CpuTime()).ToList();
            var redisFrom = ServerProbe.CpuTimeOf(redisPid);
            await Task.WhenAll(nodes.Select(x => x.Probe.StartWindowAsync()));
            await Task.Delay(measured);
            var to = FanoutBench.Now();
            var cpuTo = nodes.Select(x => x.Probe.CpuTime()).ToList();
            var redisTo = ServerProbe.CpuTimeOf(redisPid);
            var inside = await Task.WhenAll(nodes.Select(x => x.Probe.WindowAsync()));
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await writing;
            // Every batch written must have reached every screen before they are counted.
            await Task.Delay(Drain);

            var window = screens.LatenciesBetween(from, to);
            var delivered = Math.Max(1, window.Count);
            var result = new RunResult(
                FanoutBench.P(window, 0.50), FanoutBench.P(window, 0.99), window.Count > 0 ? window[^1] : double.NaN,
                Enumerable.Range(0, nodes.Count).Sum(i => rssAfter[i] - rssBefore[i]) / 1024.0 / n,
                Enumerable.Range(0, nodes.Count).Sum(i => heapAfter[i] - heapBefore[i]) / 1024.0 / n,
                Enumerable.Range(0, nodes.Count).Sum(i => (cpuTo[i] - cpuFrom[i]).TotalMicroseconds) / delivered,
                layout == Layout.OneNode ? 0 : (redisTo - redisFrom).TotalMicroseconds / delivered,
                window.Count, (long)n * (long)Math.Round(measured.TotalSeconds), screens.Check(writes.Count));
            Print($"{n,7} {Name(layout),-8} {result.P50,8:0.0} {result.P99,8:0.0} {result.Max,8:0.0} {result.RssKb,11:0.0} {result.HeapKb,12:0.0} {result.CpuUs,10:0.0} {result.RedisCpuUs,8:0.00} {$"{result.Delivered}/{result.Expected}",12} {result.Delivery}");
            var trips = writes.Order().ToList();
            Print($"{"",7} {"",-8} {trips.Count} writes, round trip p50 {trips[trips.Count / 2]:0.0} ms, max {trips[^1]:0.0} ms");
            for (var i = 0; i < inside.Length; i++)
            {
                Print($"{"",7} {"",-8} node {(char)('A' + i)}: CPU {(cpuTo[i] - cpuFrom[i]).TotalMilliseconds / ((to - from) / 1000):0} ms a second; {inside[i]}");
            }

            return result;
        }
        finally
        {
            if (screens is not null)
            {
                await screens.DisposeAsync();
            }

            foreach (var (process, probe, _, data) in nodes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }

                process.Dispose();
                File.Delete(probe.SocketPath);
                Directory.Delete(data, recursive: true);
            }
        }
    }

    private static async Task<(Process Process, ServerProbe Probe, string Url, string Data)> StartNodeAsync(
        int index, string database, InfluxDbServer influx, (string Configuration, string Prefix)? redis, string[] extra)
    {
        var url = BareHubServer.Url(BenchServer.FreePort());
        var data = Directory.CreateTempSubdirectory("ioc-fanout-node-").FullName;
        var root = BenchServer.RepoRoot();
        var start = HostBoundProcess.StartInfo("dotnet", [
            IocProcess.ServerDll, "--environment=Benchmark", $"--urls={url}",
            "--Ioc:Configuration:Store=PostgreSql", $"--Ioc:PostgreSql:ConnectionString={database}",
            "--Ioc:Storage:Kind=InfluxDb", $"--Ioc:Storage:InfluxDb:Url={influx.Url}", $"--Ioc:Storage:InfluxDb:Database={influx.Database}",
            $"--Ioc:Storage:Spool:Path={Path.Combine(data, "spool")}",
            $"--Ioc:DashboardsPath={Path.Combine(root, "dashboards")}",
            "--Ioc:Scheduling:Enabled=false", "--Ioc:Simulator:Enabled=false", "--Serilog:MinimumLevel:Default=Warning",
            .. RedisArguments(redis),
            .. BenchAccess.ServerArguments, .. extra]);
        start.WorkingDirectory = root;
        var socket = ServerProbe.Attach(FanoutBench.Redirected(start));
        var process = await HostBoundProcess.StartAsync(start);
        var name = index == 0 ? "node A" : "node B";
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine($"  [{name}] {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  [{name}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await FanoutBench.WaitHealthyAsync(url);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process, new ServerProbe(process.Id, socket), url, data);
    }

    private static string[] RedisArguments((string Configuration, string Prefix)? redis) => redis is { } r
        ? [$"--Ioc:Live:Redis:Configuration={r.Configuration}", $"--Ioc:Live:Redis:Prefix={r.Prefix}"]
        : [];

    private static string Name(Layout layout) => layout switch
    {
        Layout.OneNode => "1 node",
        Layout.OneNodeRedis => "1+Redis",
        _ => "2 nodes",
    };

    private static void PrintRatios(int n, string label, RunResult a, RunResult b) =>
        Print($"{n,7} {label,-8} {a.P50 / b.P50,8:0.00} {a.P99 / b.P99,8:0.00} {"",8} {a.RssKb / b.RssKb,11:0.00} {a.HeapKb / b.HeapKb,12:0.00} {a.CpuUs / b.CpuUs,10:0.00}");

    private static double Median(List<Dictionary<Layout, RunResult>> runs, Layout layout, Func<RunResult, double> value) =>
        FanoutBench.Median(runs.Select(r => value(r[layout])));

    private static string Spread(List<Dictionary<Layout, RunResult>> runs, Func<RunResult, double> value, Layout of = Layout.TwoNodes, Layout against = Layout.OneNodeRedis) =>
        FanoutBench.Spread(runs.Select(r => value(r[of]) / value(r[against])));

    private static void Print(FormattableString line) => FanoutBench.Print(line);
}
