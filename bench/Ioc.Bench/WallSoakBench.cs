using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Ioc.Bench;

/// <summary>
/// A wall screen's memory over a long run: the operations wall (every panel, a short time window so the windows
/// fill within minutes) in headless Chromium as a kiosk, fed live updates through POST /api/v1/write. The heap is
/// read through the DevTools protocol after a forced collection; its baseline is the heap once every window is
/// full, and the figure is the growth from there to the end. Then the server is killed and started again a few
/// times, and the time from its return to the screen being live and resynced is measured.
/// </summary>
internal static class WallSoakBench
{
    private const string DashboardId = "soak-wall";

    public static async Task<int> RunAsync(string[] args)
    {
        var updates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var rate = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 250;
        var window = TimeSpan.FromMinutes(args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 2);
        var restarts = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        if (BenchServerProcess.FindBuiltServer() is not { } serverDll)
        {
            return 1;
        }

        var data = Directory.CreateTempSubdirectory("ioc-soak-").FullName;
        var series = await WriteDashboardAsync(Path.Combine(data, "dashboards"), window);
        var port = BenchServer.FreePort();
        var server = await BenchServerProcess.StartAsync(serverDll, data, port);
        try
        {
            using var access = await BenchAccess.SignInAsync(server.BaseUrl);
            var token = await access.CreateDisplayTokenAsync(DashboardId);
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--enable-precise-memory-info"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
            var reloads = 0;
            page.Load += (_, _) => reloads++;
            await page.GotoAsync($"{server.BaseUrl}/kiosk#{token}");
            await WaitConnectionAsync(page, "live", TimeSpan.FromSeconds(60));
            reloads = 0; // the kiosk page and the wall it opened
            var cdp = await page.Context.NewCDPSessionAsync(page);

            Print($"soak: {updates} live updates at {rate}/s over {series.Count} series, window {window.TotalMinutes:0.#} min, 1920×1080 kiosk");
            var samples = new List<(double Seconds, int Sent, double HeapMb, double Nodes, double Listeners)>();
            using var writer = access.CreateWriter();
            var watch = Stopwatch.StartNew();
            var fillAt = window + TimeSpan.FromSeconds(30);
            double? baseline = null;
            var nextSample = TimeSpan.Zero;
            const int batch = 50;
            for (var sent = 0; sent < updates;)
            {
                var lines = new StringBuilder();
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var count = Math.Min(batch, updates - sent);
                for (var i = 0; i < count; i++)
                {
                    var (key, field) = series[(sent + i) % series.Count];
                    var value = 50 + (40 * Math.Sin((sent + i) / 500.0)) + ((sent + i) % 7);
                    lines.Append(key).Append(' ').Append(field).Append('=').Append(value.ToString("0.###", CultureInfo.InvariantCulture))
                        .Append(' ').Append(now - count + i).Append('\n');
                }

                using var content = new StringContent(lines.ToString(), Encoding.UTF8, "text/plain");
                using var response = await writer.PostAsync("/api/v1/write?precision=ms", content);
                if (response.StatusCode != HttpStatusCode.NoContent)
                {
                    throw new InvalidOperationException($"write answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }

                sent += count;
                if (watch.Elapsed >= nextSample || sent == updates)
                {
                    var (heap, nodes, listeners) = await MeasureAsync(cdp);
                    samples.Add((watch.Elapsed.TotalSeconds, sent, heap, nodes, listeners));
                    Print($"  {watch.Elapsed.TotalSeconds,6:0} s  {sent,7} updates  heap {heap,6:0.00} MB  DOM nodes {nodes,6:0}  listeners {listeners,5:0}");
                    if (baseline is null && watch.Elapsed >= fillAt)
                    {
                        baseline = heap;
                        Print($"  windows full: baseline heap {heap:0.00} MB");
                    }

                    nextSample = watch.Elapsed + TimeSpan.FromSeconds(15);
                }

                // Paced: the next batch leaves when the rate says so.
                var due = TimeSpan.FromSeconds((double)sent / rate);
                if (due > watch.Elapsed)
                {
                    await Task.Delay(due - watch.Elapsed);
                }
            }

            if (baseline is not { } filled)
            {
                Console.Error.WriteLine($"the run ended before the windows filled ({fillAt.TotalSeconds:0} s): send more updates or lower the rate");
                return 1;
            }

            var end = samples[^1];
            var after = samples.Where(s => s.Seconds >= fillAt.TotalSeconds).ToList();
            Print($"heap after the windows filled: baseline {filled:0.00} MB, end {end.HeapMb:0.00} MB, max {after.Max(s => s.HeapMb):0.00} MB: growth {(end.HeapMb - filled) / filled * 100:+0.0;-0.0} % (ratio end/baseline {end.HeapMb / filled:0.000}); DOM nodes {after[0].Nodes:0} → {end.Nodes:0}; page reloads {reloads}");
            Print($"write throughput {updates / watch.Elapsed.TotalSeconds:0} updates/s over {watch.Elapsed.TotalSeconds:0} s");

            // Reconnect: the server killed and started again; the screen is live and resynced how long after it answers?
            var back = new List<double>();
            var resync = new List<double>();
            for (var r = 0; r < restarts; r++)
            {
                await server.DisposeAsync();
                await WaitConnectionAsync(page, "offline", TimeSpan.FromSeconds(30));
                server = await BenchServerProcess.StartAsync(serverDll, data, port);
                var up = Stopwatch.StartNew();
                double? syncing = null;
                while (true)
                {
                    var state = await ConnectionAsync(page);
                    if (state == "syncing")
                    {
                        syncing ??= up.Elapsed.TotalMilliseconds;
                    }
                    else if (state == "live")
                    {
                        break;
                    }

                    if (up.Elapsed > TimeSpan.FromSeconds(90))
                    {
                        throw new TimeoutException($"the screen was not live 90 s after the server came back (state {state})");
                    }

                    await Task.Delay(20);
                }

                back.Add(up.Elapsed.TotalMilliseconds);
                resync.Add(up.Elapsed.TotalMilliseconds - (syncing ?? up.Elapsed.TotalMilliseconds));
                Print($"  restart {r + 1}: live and resynced {back[^1],6:0} ms after the server answered; reconnect to resynced {resync[^1],5:0} ms");
            }

            if (restarts > 0)
            {
                Print($"reconnect: median {Median(back):0} ms from the server answering to live (includes the capped, jittered backoff), median {Median(resync):0} ms from reconnected to resynced");
            }

            return 0;
        }
        finally
        {
            await server.DisposeAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>The operations wall under its own id with a short window; returns the series keys and fields it draws.</summary>
    private static async Task<List<(string Key, string Field)>> WriteDashboardAsync(string folder, TimeSpan window)
    {
        Directory.CreateDirectory(folder);
        var wall = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(BenchServer.RepoRoot(), "dashboards", "operations-wall.json")))!.AsObject();
        wall["id"] = DashboardId;
        wall["timeWindow"] = $"{window.TotalSeconds:0}s";
        var series = new List<(string, string)>();
        foreach (var panel in wall["panels"]!.AsArray())
        {
            panel!["options"]?.AsObject().Remove("timeWindow");
            foreach (var s in panel["series"]?.AsArray() ?? [])
            {
                var tags = s!["tags"]?.AsObject().Select(t => (t.Key, Value: t.Value!.GetValue<string>())).OrderBy(t => t.Key, StringComparer.Ordinal).ToList() ?? [];
                // A per-commune panel draws one bar per commune: feed twenty of them.
                var units = tags.Any(t => t.Value == "commune") ? Enumerable.Range(1, 20).Select(u => (string?)$"HT-{u:000}").ToList() : new List<string?> { null };
                foreach (var unit in units)
                {
                    var all = unit is null ? tags : [.. tags, ("unit", unit)];
                    var key = s["measurement"]!.GetValue<string>() + string.Concat(all.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $",{t.Key}={t.Value}"));
                    series.Add((key, s["field"]!.GetValue<string>()));
                }
            }
        }

        await File.WriteAllTextAsync(Path.Combine(folder, DashboardId + ".json"), wall.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return [.. series.Distinct()];
    }

    /// <returns>JS heap in MB after two forced collections, DOM nodes and event listeners.</returns>
    private static async Task<(double HeapMb, double Nodes, double Listeners)> MeasureAsync(ICDPSession cdp)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var usage = await cdp.SendAsync("Runtime.getHeapUsage");
        await cdp.SendAsync("Performance.enable");
        var metrics = await cdp.SendAsync("Performance.getMetrics");
        double Metric(string name) => metrics!.Value.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("name").GetString() == name).GetProperty("value").GetDouble();
        return (usage!.Value.GetProperty("usedSize").GetDouble() / 1024 / 1024, Metric("Nodes"), Metric("JSEventListeners"));
    }

    private static async Task WaitConnectionAsync(IPage page, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ConnectionAsync(page) != state)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the wall did not become '{state}' within {timeout.TotalSeconds:0} s");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The wall's connection state; null while the page navigates (the kiosk page opening the wall).</summary>
    private static async Task<string?> ConnectionAsync(IPage page)
    {
        try
        {
            return await page.EvaluateAsync<string?>("document.body?.dataset.connection ?? null");
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
