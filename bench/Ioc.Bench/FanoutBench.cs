using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Bench;

/// <summary>
/// Live fan-out to many wall screens against a bare SignalR hub, in the same run. For each number of screens and
/// each pair, both servers run as their own processes (the built Ioc server; this bench re-invoked as
/// <c>bare-hub</c>) and this process is the load: N WebSocket connections, each subscribed to one dashboard. Ioc
/// gets 24 points a second through <c>POST /api/v1/write</c> with an API key, and its screens are wall screens (a
/// display-token cookie); the bare hub sends the same 24-point batch once a second itself. Measured: latency from a
/// point's timestamp to its receipt at each screen, server memory per connection (resident set and managed heap
/// after a full collection, before and after connecting, divided by N) and server CPU per delivered message.
/// </summary>
internal static class FanoutBench
{
    internal static readonly TimeSpan Warmup = TimeSpan.FromSeconds(5);
    private static readonly JsonSerializerOptions Escaped = new(JsonSerializerDefaults.Web);
    private static readonly JsonSerializerOptions Relaxed = RelaxedOptions();

    public static async Task<int> RunAsync(string[] args)
    {
        var (screens, pairs, measured, compact, iocArguments) = FanoutArguments.Parse(args, "1000,5000,10000");
        // IOC_BENCH_SERVER names another build's Ioc.Server.dll, to compare two commits with the same bench.
        var serverDll = Environment.GetEnvironmentVariable("IOC_BENCH_SERVER") is { Length: > 0 } other
            ? Path.GetFullPath(other)
            : Path.Combine(BenchServer.RepoRoot(), "src", "Ioc.Server", "bin", "Release", "net10.0", "Ioc.Server.dll");
        if (!File.Exists(serverDll))
        {
            Console.Error.WriteLine($"build the server first: dotnet build -c Release src/Ioc.Server (missing {serverDll})");
            return 1;
        }

        Print($"fan-out: {FanoutMessage.Points} points a second to every screen of one dashboard ({(compact ? "compact" : "full")} points), {measured.TotalSeconds:0} s measured after {Warmup.TotalSeconds:0} s, {pairs} pair(s) per size; load {Environment.ProcessorCount} cores, {File.ReadAllText("/proc/loadavg").Trim()}");
        Print($"one batch on the wire: {MessageBytes(compact: false, relaxed: false)} bytes as full points with \\u escapes (before), {MessageBytes(compact: false, relaxed: true)} full, {MessageBytes(compact: true, relaxed: true)} compact");
        if (iocArguments.Length > 0)
        {
            Print($"Ioc settings: {string.Join(' ', iocArguments)}");
        }

        Print($"{"screens",7} {"server",-5} {"p50 ms",8} {"p99 ms",8} {"max ms",8} {"RSS KB/conn",11} {"heap KB/conn",12} {"CPU µs/msg",10} {"delivered",12} {"connect s",9}");
        var results = new List<(int Screens, int Pair, RunResult Bare, RunResult Ioc)>();
        foreach (var n in screens)
        {
            for (var pair = 0; pair < pairs; pair++)
            {
                // Alternate which one runs first, so a machine that gets busier during a pair favours neither.
                RunResult bare, ioc;
                if (pair % 2 == 0)
                {
                    bare = await RunOnceAsync(ServerKind.Bare, n, measured, compact, serverDll, iocArguments);
                    ioc = await RunOnceAsync(ServerKind.Ioc, n, measured, compact, serverDll, iocArguments);
                }
                else
                {
                    ioc = await RunOnceAsync(ServerKind.Ioc, n, measured, compact, serverDll, iocArguments);
                    bare = await RunOnceAsync(ServerKind.Bare, n, measured, compact, serverDll, iocArguments);
                }

                results.Add((n, pair, bare, ioc));
                Print($"{n,7} ratio {ioc.P50 / bare.P50,8:0.00} {ioc.P99 / bare.P99,8:0.00} {"",8} {ioc.RssKb / bare.RssKb,11:0.00} {ioc.HeapKb / bare.HeapKb,12:0.00} {ioc.CpuUs / bare.CpuUs,10:0.00}");
            }
        }

        Print($"");
        Print($"summary (median of pairs, [min–max]); Ioc against the bare hub:");
        foreach (var group in results.GroupBy(r => r.Screens))
        {
            var g = group.ToList();
            Print($"{group.Key,6} screens: p99 Ioc {Median(g.Select(r => r.Ioc.P99)),5:0} ms (bare {Median(g.Select(r => r.Bare.P99)),4:0}), ratio {Spread(g.Select(r => r.Ioc.P99 / r.Bare.P99))}; heap KB/conn Ioc {Median(g.Select(r => r.Ioc.HeapKb)),5:0.0} (bare {Median(g.Select(r => r.Bare.HeapKb)),4:0.0}), RSS KB/conn Ioc {Median(g.Select(r => r.Ioc.RssKb)),5:0.0} (bare {Median(g.Select(r => r.Bare.RssKb)),4:0.0}); CPU µs/msg Ioc {Median(g.Select(r => r.Ioc.CpuUs)),5:0.0} (bare {Median(g.Select(r => r.Bare.CpuUs)),4:0.0}), ratio {Spread(g.Select(r => r.Ioc.CpuUs / r.Bare.CpuUs))}");
        }

        return 0;
    }

    private enum ServerKind
    {
        Bare,
        Ioc,
    }

    private sealed record RunResult(double P50, double P99, double Max, double RssKb, double HeapKb, double CpuUs, long Delivered, long Expected, double ConnectSeconds);

    private static async Task<RunResult> RunOnceAsync(ServerKind kind, int n, TimeSpan measured, bool compact, string serverDll, string[] iocArguments)
    {
        var port = BenchServer.FreePort();
        var url = BareHubServer.Url(port);
        var data = Directory.CreateTempSubdirectory("ioc-fanout-").FullName;
        var start = kind == ServerKind.Bare ? BareStart(url) : IocStart(serverDll, url, data, iocArguments);
        var socket = ServerProbe.Attach(start);
        using var process = await Ioc.Testing.HostBoundProcess.StartAsync(start);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine($"  [{kind}] {line}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  [{kind}] {line}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var probe = new ServerProbe(process.Id, socket);
        var connections = new HubConnection[n];
        try
        {
            await WaitHealthyAsync(url);
            BenchAccess? access = null;
            HttpClient? writer = null;
            var cookies = new List<CookieContainer>();
            if (kind == ServerKind.Ioc)
            {
                access = await BenchAccess.SignInAsync(url);
                writer = access.CreateWriter();
                var token = await access.CreateDisplayTokenAsync(FanoutMessage.Dashboard);
                // Screens share a pool of display cookies (each traded from the token as a kiosk does); every
                // connection still carries and decodes its own copy.
                for (var c = 0; c < Math.Min(n, 100); c++)
                {
                    cookies.Add(await BenchAccess.KioskCookiesAsync(url, token));
                }

                // One batch before the baseline, so that the first write's one-off allocations are not counted per screen.
                await WriteAsync(writer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0);
            }

            var heapBefore = await probe.HeapAfterCollectionAsync();
            var rssBefore = probe.WorkingSet();

            var latencies = new float[n * (int)(Warmup + measured + TimeSpan.FromSeconds(10)).TotalSeconds];
            var sentAt = new double[latencies.Length];
            var count = 0;
            var connectWatch = Stopwatch.StartNew();
            using (var gate = new SemaphoreSlim(64))
            {
                await Task.WhenAll(Enumerable.Range(0, n).Select(async c =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        var connection = new HubConnectionBuilder()
                            .WithUrl($"{url}/hubs/live{(compact ? "?points=compact" : "")}", HttpTransportType.WebSockets, o =>
                            {
                                o.SkipNegotiation = true;
                                if (cookies.Count > 0)
                                {
                                    o.Cookies = cookies[c % cookies.Count];
                                }
                            })
                            .Build();
                        connection.ServerTimeout = TimeSpan.FromMinutes(2);
                        connection.HandshakeTimeout = TimeSpan.FromMinutes(1);
                        void Received(double time)
                        {
                            var received = Now();
                            var i = Interlocked.Increment(ref count) - 1;
                            if (i < latencies.Length)
                            {
                                latencies[i] = (float)(received - time);
                                sentAt[i] = time;
                            }
                        }

                        // Every point of a batch has the same timestamp: the first one's is the batch's.
                        connection.On<JsonElement>("Points", batch => Received(batch.GetProperty("points")[0].GetProperty("time").GetDouble()));
                        connection.On<JsonElement>("CompactPoints", batch => Received(batch.GetProperty("points")[0][1].GetDouble()));
                        await ConnectScreenAsync(connection);
                        connections[c] = connection;
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            var connectSeconds = connectWatch.Elapsed.TotalSeconds;
            Console.Error.WriteLine($"  [{kind}] server pid {process.Id}: {n} screens connected in {connectSeconds:0.0} s");
            await Task.Delay(TimeSpan.FromSeconds(3));
            var heapAfter = await probe.HeapAfterCollectionAsync();
            var rssAfter = probe.WorkingSet();
            var profile = Profiler.From(kind.ToString().ToLowerInvariant(), n, process.Id);
            if (profile is not null)
            {
                await profile.HeapDumpAsync();
            }

            // Messages: Ioc gets a write each second, on the second; the bare hub sends on its own timer from now on.
            using var stop = new CancellationTokenSource();
            var writes = new System.Collections.Concurrent.ConcurrentBag<double>();
            var writing = writer is null ? StartBareAsync(url) : WriteEverySecondAsync(writer, writes, stop.Token);
            // The bare hub has been sending all along: count from here.
            Interlocked.Exchange(ref count, 0);
            await Task.Delay(Warmup);
            var from = Now();
            var cpuFrom = probe.CpuTime();
            await probe.StartWindowAsync();
            var tracing = profile?.TraceAsync(measured) ?? Task.CompletedTask;
            await Task.Delay(measured);
            var to = Now();
            var cpuTo = probe.CpuTime();
            var inside = await probe.WindowAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await stop.CancelAsync();
            await writing;
            await tracing;

            var taken = Math.Min(Volatile.Read(ref count), latencies.Length);
            var window = new List<float>(n * (int)measured.TotalSeconds);
            for (var i = 0; i < taken; i++)
            {
                if (sentAt[i] >= from && sentAt[i] < to)
                {
                    window.Add(latencies[i]);
                }
            }

            window.Sort();
            // Both servers send one batch a second: what did not arrive within 2 s of the window's end counts as late.
            var expected = (long)n * (long)Math.Round(measured.TotalSeconds);
            var result = new RunResult(
                P(window, 0.50), P(window, 0.99), window.Count > 0 ? window[^1] : double.NaN,
                (rssAfter - rssBefore) / 1024.0 / n, (heapAfter - heapBefore) / 1024.0 / n,
                (cpuTo - cpuFrom).TotalMicroseconds / Math.Max(1, window.Count), window.Count, expected, connectSeconds);
            Print($"{n,7} {kind,-5} {result.P50,8:0.0} {result.P99,8:0.0} {result.Max,8:0.0} {result.RssKb,11:0.0} {result.HeapKb,12:0.0} {result.CpuUs,10:0.0} {$"{result.Delivered}/{result.Expected}",12} {result.ConnectSeconds,9:0.0}");
            if (!writes.IsEmpty)
            {
                var trips = writes.Order().ToList();
                Print($"{"",7} {"",-5} write round trip p50 {trips[trips.Count / 2]:0.0} ms, p99 {trips[Math.Min(trips.Count - 1, (int)(trips.Count * 0.99))]:0.0} ms, max {trips[^1]:0.0} ms");
            }

            Print($"{"",7} {"",-5} {inside}");

            writer?.Dispose();
            access?.Dispose();
            return result;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            await Task.WhenAll(connections.Where(c => c is not null).Select(c => c.DisposeAsync().AsTask()));
            File.Delete(socket);
            Directory.Delete(data, recursive: true);
        }
    }

    private static async Task StartBareAsync(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var response = await http.PostAsync("/start", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Starts a screen's connection (tried again if a busy machine misses the handshake) and subscribes it to the dashboard.</summary>
    internal static async Task ConnectScreenAsync(HubConnection connection)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await connection.StartAsync();
                break;
            }
            catch (Exception ex) when (attempt < 3 && ex is OperationCanceledException or HttpRequestException or System.Net.WebSockets.WebSocketException)
            {
                // A machine busy with other work can miss a handshake; the screen tries again, as a wall does.
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        await connection.InvokeAsync<JsonElement>("SubscribeDashboard", FanoutMessage.Dashboard);
    }

    /// <summary>
    /// One write on every whole second, like a source that reports each second, whether or not the last was
    /// answered: a slow server gets the same load as the bare hub's timer gives it. Writes are sent from threads of
    /// their own with blocking calls: this process's pool is busy with every screen's receive each second, and a
    /// write that waited in its queue would charge Ioc for the load process (the bare hub's timer runs in its own
    /// process and never waits for it).
    /// </summary>
    internal static Task WriteEverySecondAsync(HttpClient writer, System.Collections.Concurrent.ConcurrentBag<double> roundTrips, CancellationToken stop)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = new Thread(() =>
        {
            var writes = new List<Thread>();
            Exception? failed = null;
            long second = 1;
            while (!stop.WaitHandle.WaitOne((int)(1000 - (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() % 1000))))
            {
                var number = second++;
                var write = new Thread(() =>
                {
                    try
                    {
                        var started = Stopwatch.GetTimestamp();
                        Write(writer, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), number);
                        roundTrips.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
                    {
                        failed ??= ex;
                    }
                }) { IsBackground = true, Name = "bench write" };
                write.Start();
                writes.Add(write);
            }

            writes.ForEach(w => w.Join());
            if (failed is null)
            {
                done.SetResult();
            }
            else
            {
                done.SetException(failed);
            }
        }) { IsBackground = true, Name = "bench write clock" };
        clock.Start();
        return done.Task;
    }

    private static void Write(HttpClient writer, long timeMs, long second)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/write?precision=ms")
        {
            Content = new StringContent(FanoutMessage.LineProtocol(timeMs, second), Encoding.UTF8, "text/plain"),
        };
        using var response = writer.Send(request);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"write answered {(int)response.StatusCode}");
        }
    }

    internal static async Task WriteAsync(HttpClient writer, long timeMs, long second)
    {
        using var content = new StringContent(FanoutMessage.LineProtocol(timeMs, second), Encoding.UTF8, "text/plain");
        using var response = await writer.PostAsync("/api/v1/write?precision=ms", content);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"write answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static ProcessStartInfo BareStart(string url)
    {
        var bench = typeof(FanoutBench).Assembly.Location;
        var start = Ioc.Testing.HostBoundProcess.StartInfo("dotnet", [bench, "bare-hub", $"--urls={url}"]);
        // The Ioc server is a web project and runs the server GC; the baseline runs the same collector.
        start.Environment["DOTNET_gcServer"] = "1";
        return Redirected(start);
    }

    private static ProcessStartInfo IocStart(string serverDll, string url, string data, string[] extra)
    {
        var start = Ioc.Testing.HostBoundProcess.StartInfo("dotnet", [
            serverDll, "--environment=Benchmark", $"--urls={url}",
            $"--Ioc:Storage:Sqlite:Path={Path.Combine(data, "ioc.db")}",
            $"--Ioc:Configuration:Sqlite:Path={Path.Combine(data, "ioc-config.db")}",
            $"--Ioc:Storage:Spool:Path={Path.Combine(data, "spool")}",
            $"--Ioc:DashboardsPath={Path.Combine(BenchServer.RepoRoot(), "dashboards")}",
            "--Ioc:Scheduling:Enabled=false", "--Serilog:MinimumLevel:Default=Warning",
            .. BenchAccess.ServerArguments, .. extra]);
        start.WorkingDirectory = BenchServer.RepoRoot();
        return Redirected(start);
    }

    internal static ProcessStartInfo Redirected(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        return start;
    }

    internal static async Task WaitHealthyAsync(string url)
    {
        using var probe = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await probe.GetAsync("/healthz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the server at {url} did not become healthy within 60 s");
    }

    /// <summary>The batch's JSON as the hub's protocol writes it (web defaults, camelCase).</summary>
    private static int MessageBytes(bool compact, bool relaxed)
    {
        var options = relaxed ? Relaxed : Escaped;
        var batch = FanoutMessage.Batch("7f3c0a1b2c3d", 1763900000000, 41);
        return compact
            ? JsonSerializer.SerializeToUtf8Bytes(new Ioc.Server.Live.CompactLiveBatch(batch.Stream, batch.Points, batch.Dashboard), options).Length
            : JsonSerializer.SerializeToUtf8Bytes(batch, options).Length;
    }

    private static JsonSerializerOptions RelaxedOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Ioc.Server.Live.LiveWire.Configure(options);
        return options;
    }

    internal static double Now() => DateTime.UtcNow.Subtract(DateTime.UnixEpoch).TotalMilliseconds;

    internal static double P(List<float> sorted, double q) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal static string Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return string.Create(CultureInfo.InvariantCulture, $"{Median(list):0.00} [{list.Min():0.00}–{list.Max():0.00}]");
    }

    internal static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}

/// <summary>
/// What the fan-out benches take: screens (comma-separated sizes), rounds of pairs, seconds measured, then
/// <c>--compact</c> (screens ask for compact points, docs/live-hub.md, from every server alike) and Ioc settings.
/// </summary>
internal sealed record FanoutArguments(List<int> Screens, int Pairs, TimeSpan Measured, bool Compact, string[] IocArguments)
{
    public static FanoutArguments Parse(string[] args, string defaultScreens)
    {
        // Thousands of connections start at once: do not let the pool grow one thread at a time.
        ThreadPool.SetMinThreads(Math.Max(64, Environment.ProcessorCount * 8), Math.Max(64, Environment.ProcessorCount * 8));
        return new(
            [.. (args.Length > 0 ? args[0] : defaultScreens).Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))],
            args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3,
            TimeSpan.FromSeconds(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 20),
            args.Skip(3).Contains("--compact"),
            [.. args.Skip(3).Where(a => a != "--compact")]);
    }
}
