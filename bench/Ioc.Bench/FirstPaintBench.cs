using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Ioc.Storage.InfluxDb;
using Ioc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace Ioc.Bench;

/// <summary>
/// First paint of a 12-panel dashboard over 30 days of one-minute data (43,200 points a series) in headless
/// Chromium: from navigation to every panel drawn (<c>body[data-ready]</c>, then the frame that shows it), on the
/// embedded store and on InfluxDB, each behind the built server as its own process. Each run opens the page in a
/// fresh browser context (cold: empty cache, new connection), then once more in the same context (warm). Beside
/// the whole paint it reports the data request alone (<c>GET /api/v1/dashboards/{id}/data</c>: time to its
/// first byte, which on loopback is the server's time, and its bytes), and every byte the page fetched up to the
/// paint, from Resource Timing. The goal it is judged against is 0.5 s.
/// </summary>
internal static class FirstPaintBench
{
    internal const string DashboardId = "bench-first-paint";
    private const int Days = 30;
    private const int MinutesPerDay = 1_440;
    private const int LinesPerRequest = 5_000;
    private const double GoalMs = 500;

    // Records, before any script of the page runs, when each panel first drew and when the page said all had.
    private const string Recorder = """
        (() => {
          const marks = { panels: {}, ready: null, frame: null };
          window.__firstPaint = marks;
          new MutationObserver((records) => {
            for (const r of records) {
              const el = r.target;
              if (r.attributeName === 'data-last-update' && el.dataset.panelId && !(el.dataset.panelId in marks.panels)) {
                marks.panels[el.dataset.panelId] = performance.now();
              }
              if (r.attributeName === 'data-ready' && el === document.body && el.dataset.ready === 'true' && marks.ready === null) {
                marks.ready = performance.now();
                // Two frames later the drawn panels are on screen, not only in the DOM.
                requestAnimationFrame(() => requestAnimationFrame(() => { marks.frame = performance.now(); }));
              }
            }
          }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-ready', 'data-last-update'] });
        })();
        """;

    private const string Collect = """
        () => {
          const m = window.__firstPaint;
          const until = m.frame;
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource');
          const fetched = resources.filter((r) => r.responseEnd <= until);
          const data = resources.filter((r) => /\/api\/v1\/dashboards\/[^/]+\/data/.test(r.name)).sort((a, b) => a.startTime - b.startTime);
          const first = data[0];
          const ended = (pattern) => Math.max(0, ...resources.filter((r) => pattern.test(r.name)).map((r) => r.responseEnd));
          return {
            ready: m.ready, frame: m.frame,
            firstPanel: Math.min(...Object.values(m.panels)), lastPanel: Math.max(...Object.values(m.panels)),
            panels: Object.keys(m.panels).length,
            html: nav.responseEnd, domContentLoaded: nav.domContentLoadedEventEnd,
            scripts: ended(/\.js(\?|$)/),
            definitionEnd: ended(/\/api\/v1\/dashboards\/[^/]+$/),
            dataStart: first ? first.startTime : -1, dataWait: first ? first.responseStart - first.requestStart : -1,
            dataEnd: first ? first.responseEnd : -1,
            dataTransfer: first ? first.transferSize : -1, dataEncoded: first ? first.encodedBodySize : -1, dataDecoded: first ? first.decodedBodySize : -1,
            dataRequests: data.filter((r) => r.startTime <= until).length,
            requests: fetched.length + 1,
            bytes: nav.transferSize + fetched.reduce((n, r) => n + r.transferSize, 0),
            decodedBytes: nav.decodedBodySize + fetched.reduce((n, r) => n + r.decodedBodySize, 0),
          };
        }
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var stores = args.Length > 1 ? args[1].Split(',') : ["sqlite", "influx"];
        if (runs < 1 || stores.Any(s => s is not ("sqlite" or "influx")))
        {
            Console.Error.WriteLine("usage: first-paint [runs] [sqlite,influx] [Ioc.Server.dll of another build, to compare commits]");
            return 2;
        }

        var serverDll = args.Length > 2 ? Path.GetFullPath(args[2]) : BenchServerProcess.FindBuiltServer();
        if (serverDll is null || !File.Exists(serverDll))
        {
            return 1;
        }

        Print($"server: {serverDll}");
        Print($"first paint: dashboard of 12 panels, {Series.Sum(s => s.Fields.Length * s.Units.Length)} series × {Days * MinutesPerDay:N0} one-minute points, 1920×1080 headless Chromium, {runs} runs (cold: new browser context; warm: the same page opened again)");
        foreach (var store in stores)
        {
            await RunStoreAsync(serverDll, store, runs);
        }

        return 0;
    }

    private static async Task RunStoreAsync(string serverDll, string store, int runs)
    {
        var data = Directory.CreateTempSubdirectory("ioc-paint-").FullName;
        InfluxDbServer? influx = null;
        BenchServerProcess? server = null;
        try
        {
            await WriteDashboardAsync(Path.Combine(data, "dashboards"));
            string[] storeArgs = [];
            if (store == "influx")
            {
                influx = new InfluxDbServer { Database = "ioc_paint" };
                await influx.InitializeAsync();
                storeArgs = ["--Ioc:Storage:Kind=InfluxDb", $"--Ioc:Storage:InfluxDb:Url={influx.Url}", $"--Ioc:Storage:InfluxDb:Database={influx.Database}"];
            }

            server = await BenchServerProcess.StartAsync(serverDll, data, BenchServer.FreePort(), storeArgs);
            using var access = await BenchAccess.SignInAsync(server.BaseUrl);
            var written = await WriteHistoryAsync(access);
            Print($"{store}: wrote {written.Values:N0} values in {written.Seconds:0.0} s");

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            var cookies = access.Cookies.GetAllCookies()
                .Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = server.BaseUrl, HttpOnly = c.HttpOnly })
                .ToList();
            var url = $"{server.BaseUrl}/d/{DashboardId}";

            // The server's first page after start (compilation, connection pools, first reads of the file).
            var first = await OpenAsync(browser, cookies, url, again: false);
            Print($"  {store} first open after start: {first[0].Frame,5:0} ms (data request {first[0].DataWait:0} ms to first byte)");
            var cold = new List<Paint>();
            var warm = new List<Paint>();
            for (var run = 0; run < runs; run++)
            {
                var pair = await OpenAsync(browser, cookies, url, again: true);
                cold.Add(pair[0]);
                warm.Add(pair[1]);
            }

            Report(store, "cold", cold);
            Report(store, "warm", warm);
            await ProfileAsync(browser, cookies, url, store);
            if (influx is not null)
            {
                await ProfileInfluxAsync(influx, access, DashboardId);
            }
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            if (influx is not null)
            {
                await influx.DisposeAsync();
            }

            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Opens the page in a new context; with <paramref name="again"/>, opens it once more in the same context.</summary>
    private static async Task<List<Paint>> OpenAsync(IBrowser browser, List<Microsoft.Playwright.Cookie> cookies, string url, bool again)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await context.AddCookiesAsync(cookies);
        await context.AddInitScriptAsync(Recorder);
        var page = await context.NewPageAsync();
        var paints = new List<Paint>();
        for (var open = again ? 2 : 1; open > 0; open--)
        {
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForFunctionAsync("() => window.__firstPaint?.frame != null", null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 20 });
            paints.Add(JsonSerializer.Deserialize<Paint>(await page.EvaluateAsync<JsonElement>(Collect), JsonOptions)!);
        }

        return paints;
    }

    /// <summary>
    /// Where the page's main thread spends a cold open: a sampled JavaScript CPU profile (DevTools protocol) from
    /// navigation to the paint, its samples summed by script and by function.
    /// </summary>
    private static async Task ProfileAsync(IBrowser browser, List<Microsoft.Playwright.Cookie> cookies, string url, string store)
    {
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await context.AddCookiesAsync(cookies);
        await context.AddInitScriptAsync(Recorder);
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Profiler.enable");
        await cdp.SendAsync("Profiler.setSamplingInterval", new Dictionary<string, object> { ["interval"] = 200 });
        await cdp.SendAsync("Profiler.start");
        await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__firstPaint?.frame != null", null, new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 20 });
        var frame = await page.EvaluateAsync<double>("() => window.__firstPaint.frame");
        var result = await cdp.SendAsync("Profiler.stop");
        var profile = result!.Value.GetProperty("profile");
        var nodes = profile.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetInt32(), n => n.GetProperty("callFrame"));
        var samples = profile.GetProperty("samples").EnumerateArray().Select(x => x.GetInt32()).ToList();
        var deltas = profile.GetProperty("timeDeltas").EnumerateArray().Select(x => x.GetDouble() / 1000).ToList();
        var byScript = new Dictionary<string, double>();
        var byFunction = new Dictionary<string, double>();
        for (var i = 0; i < samples.Count; i++)
        {
            var ms = i + 1 < deltas.Count ? deltas[i + 1] : 0;
            var frameInfo = nodes[samples[i]];
            var script = frameInfo.GetProperty("url").GetString() is { Length: > 0 } u ? new Uri(u).AbsolutePath : frameInfo.GetProperty("functionName").GetString()!;
            var function = $"{frameInfo.GetProperty("functionName").GetString()} ({Path.GetFileName(script)}:{frameInfo.GetProperty("lineNumber").GetInt32() + 1})";
            byScript[script] = byScript.GetValueOrDefault(script) + ms;
            byFunction[function] = byFunction.GetValueOrDefault(function) + ms;
        }

        Print($"  {store} profile of one cold open (paint at {frame:0} ms), main-thread JavaScript samples by script:");
        foreach (var (script, ms) in byScript.OrderByDescending(p => p.Value).Take(8))
        {
            Print($"    {ms,7:0} ms  {script}");
        }

        Print($"  … by function:");
        foreach (var (function, ms) in byFunction.OrderByDescending(p => p.Value).Take(12))
        {
            Print($"    {ms,7:0} ms  {function}");
        }
    }

    /// <summary>
    /// The server's share on InfluxDB, query by query: the InfluxQL a panel's read sends (as InfluxQl writes it), timed
    /// straight against influxd, beside a bare count of the same points.
    /// </summary>
    private static async Task ProfileInfluxAsync(InfluxDbServer influx, BenchAccess access, string dashboardId)
    {
        using (var handler = new HttpClientHandler { CookieContainer = access.Cookies, UseCookies = true })
        using (var ioc = new HttpClient(handler) { BaseAddress = new Uri(access.BaseUrl), Timeout = TimeSpan.FromMinutes(1) })
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                (await ioc.GetAsync($"/api/v1/dashboards/{dashboardId}/data")).EnsureSuccessStatusCode();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            Print($"  influx: GET /data from the bench (no browser), median of 5: {Median(times):0} ms ({times.Min():0}–{times.Max():0})");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var from = now - (Days * 86_400_000_000_000L);
        const string Where = "\"level\"::tag = 'province'";
        var queries = new (string What, string Query)[]
        {
            ("newest value (last, no time bound)", $"SELECT last(\"received\"::field) FROM \"dvc_records\" WHERE {Where} GROUP BY *"),
            ("30 days in 6 h buckets (mean)", $"SELECT mean(\"received\"::field) FROM \"dvc_records\" WHERE time >= {from}ns AND time < {now}ns AND {Where} GROUP BY time(6h), * fill(none)"),
            ("30 days in 12 h buckets (last, sparkline)", $"SELECT last(\"received\"::field) FROM \"dvc_records\" WHERE time >= {from}ns AND time < {now}ns AND {Where} GROUP BY time(12h), * fill(none)"),
            ("30 days counted (the points scanned)", $"SELECT count(\"received\"::field) FROM \"dvc_records\" WHERE time >= {from}ns AND time < {now}ns AND {Where}"),
        };
        Print($"  influx: one series' queries straight to influxd, median of 5:");
        foreach (var (what, query) in queries)
        {
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var response = await http.GetAsync($"{influx.Url}/query?db={influx.Database}&epoch=ns&q={Uri.EscapeDataString(query)}");
                await response.Content.ReadAsByteArrayAsync();
                response.EnsureSuccessStatusCode();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }

            Print($"    {Median(times),7:0.0} ms  {what}");
        }

        // The same reads through Ioc's InfluxDB store in this process: what the store adds to influxd's time.
        using var store = new InfluxDbMetricStore(
            Options.Create(new InfluxDbMetricStoreOptions { Url = influx.Url, Database = influx.Database }), NullLogger<InfluxDbMetricStore>.Instance);
        var selector = new SeriesSelector("dvc_records", new Dictionary<string, string> { ["level"] = "province" }, "received");
        var last = new List<double>();
        var range = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await store.QueryLastAsync(selector);
            last.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            await store.QueryRangeAsync(new RangeQuery(selector, from, now, 240, Aggregation.Mean));
            range.Add(clock.Elapsed.TotalMilliseconds);
        }

        Print($"  influx: through InfluxDbMetricStore, median of 5: newest value {Median(last):0.0} ms, 30 days in 6 h buckets {Median(range):0.0} ms");
    }

    private static void Report(string store, string kind, List<Paint> paints)
    {
        Print($"  {store} {kind} ({paints.Count} runs): median | min–max");
        Line("navigation → every panel on screen", paints.Select(p => p.Frame), "ms");
        Line("  … → every panel drawn (data-ready)", paints.Select(p => p.Ready), "ms");
        Line("  … → first panel drawn", paints.Select(p => p.FirstPanel), "ms");
        Line("  … → HTML received", paints.Select(p => p.Html), "ms");
        Line("  … → scripts received", paints.Select(p => p.Scripts), "ms");
        Line("  … → definition received", paints.Select(p => p.DefinitionEnd), "ms");
        Line("  … → data request sent", paints.Select(p => p.DataStart), "ms");
        Line("  … → data received", paints.Select(p => p.DataEnd), "ms");
        Line("data request: sent → first byte (server)", paints.Select(p => p.DataWait), "ms");
        Line("data request: bytes transferred", paints.Select(p => p.DataTransfer / 1024), "KB");
        Line("data request: body decoded", paints.Select(p => p.DataDecoded / 1024), "KB");
        Line("data requests before the paint", paints.Select(p => (double)p.DataRequests), "");
        Line("requests before the paint", paints.Select(p => (double)p.Requests), "");
        Line("bytes transferred before the paint", paints.Select(p => p.Bytes / 1024), "KB");
        Line("bytes decoded before the paint", paints.Select(p => p.DecodedBytes / 1024), "KB");
        var median = Median(paints.Select(p => p.Frame));
        Print($"    ratio to the {GoalMs:0} ms goal: {median / GoalMs:0.00} (median); data request alone {Median(paints.Select(p => p.DataEnd - p.DataStart)):0} ms of {median:0} ms");
    }

    private static void Line(string what, IEnumerable<double> values, string unit)
    {
        var list = values.ToList();
        Print($"    {what,-42} {Median(list),8:0.0} {unit,-2} | {list.Min(),7:0.0}–{list.Max():0.0}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Print(FormattableString line) => Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record Paint(
        double Ready, double Frame, double FirstPanel, double LastPanel, int Panels, double Html, double DomContentLoaded, double Scripts,
        double DefinitionEnd, double DataStart, double DataWait, double DataEnd, double DataTransfer, double DataEncoded, double DataDecoded,
        int DataRequests, int Requests, double Bytes, double DecodedBytes);

    /// <param name="Base">Typical value; a daily rhythm and noise move around it.</param>
    /// <param name="Swing">Share of <paramref name="Base"/> the daily rhythm adds or takes away.</param>
    private sealed record SeriesSpec(string Measurement, (string Code, string Name, string Level)[] Units, string[] Fields, double[] Base, double Swing);

    private static readonly (string, string, string)[] Province = [("HT", "Tỉnh Hà Tĩnh", "province")];

    private static readonly (string, string, string)[] Levels =
        [("HT", "Tỉnh Hà Tĩnh", "province"), ("HT-H", "Cấp huyện", "district"), ("HT-X", "Cấp xã", "commune")];

    private static readonly (string, string, string)[] Communes =
    [
        ("HT-28", "Phường Thành Sen", "commune"), ("HT-31", "Phường Trần Phú", "commune"), ("HT-35", "Xã Thạch Hà", "commune"),
        ("HT-40", "Xã Cẩm Xuyên", "commune"), ("HT-44", "Phường Hồng Lĩnh", "commune"), ("HT-47", "Xã Đức Thọ", "commune"),
        ("HT-52", "Xã Hương Sơn", "commune"), ("HT-55", "Xã Nghi Xuân", "commune"), ("HT-60", "Phường Kỳ Anh", "commune"),
        ("HT-63", "Xã Vũ Quang", "commune"),
    ];

    // Per minute: counts are per minute, rates in %, level-2 accounts a running total.
    private static readonly SeriesSpec[] Series =
    [
        new("dvc_records", Province, ["online_rate", "received", "received_online", "overdue"], [81.2, 24, 19, 2], 0.5),
        new("dvc_records_commune", Communes, ["online_rate"], [78], 0.1),
        new("payments_online", Province, ["transactions", "amount_million_vnd"], [12, 9.5], 0.8),
        new("eid_accounts", Province, ["level2", "registrations"], [519_000, 6], 0.6),
        new("edoc_exchange", Levels, ["electronic_rate", "signed_rate"], [96.5, 98.9], 0.02),
        new("portal_visits", Province, ["sessions"], [310], 0.7),
    ];

    internal static async Task WriteDashboardAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        const string Tags = "\"level\": \"province\"";
        var json = $$"""
            {
              "apiVersion": "ioc/v1",
              "id": "{{DashboardId}}",
              "title": "Điều hành chuyển đổi số — 30 ngày",
              "description": "Dịch vụ công, thanh toán, VNeID, văn bản điện tử: mỗi phút, 30 ngày gần nhất.",
              "timeWindow": "30d",
              "audience": "wall",
              "columns": 12,
              "panels": [
                { "id": "online-rate", "type": "stat", "title": "Hồ sơ trực tuyến", "width": 3,
                  "series": [{ "measurement": "dvc_records", "tags": { {{Tags}} }, "field": "online_rate", "label": "Toàn tỉnh" }],
                  "options": { "unit": "%", "decimals": 2, "target": 70 } },
                { "id": "vneid-level2", "type": "stat", "title": "Tài khoản VNeID mức 2", "width": 3,
                  "series": [{ "measurement": "eid_accounts", "tags": { {{Tags}} }, "field": "level2", "label": "Toàn tỉnh" }],
                  "options": { "decimals": 0 } },
                { "id": "payments", "type": "stat", "title": "Giao dịch thanh toán trực tuyến mỗi phút", "width": 3,
                  "series": [{ "measurement": "payments_online", "tags": { {{Tags}} }, "field": "transactions", "label": "Giao dịch" }],
                  "options": { "decimals": 0 } },
                { "id": "edoc-commune", "type": "gauge", "title": "Văn bản điện tử — cấp xã", "width": 3,
                  "series": [{ "measurement": "edoc_exchange", "tags": { "level": "commune" }, "field": "electronic_rate", "label": "Cấp xã" }],
                  "options": { "unit": "%", "decimals": 2, "min": 0, "max": 100, "target": 90 } },
                { "id": "records-trend", "type": "timeseries", "title": "Hồ sơ tiếp nhận mỗi phút", "width": 8, "height": 2,
                  "series": [
                    { "measurement": "dvc_records", "tags": { {{Tags}} }, "field": "received", "label": "Tổng số hồ sơ" },
                    { "measurement": "dvc_records", "tags": { {{Tags}} }, "field": "received_online", "label": "Hồ sơ trực tuyến" }
                  ],
                  "options": { "decimals": 0 } },
                { "id": "signed-province", "type": "gauge", "title": "Văn bản có chữ ký số — cấp tỉnh", "width": 4, "height": 2,
                  "series": [{ "measurement": "edoc_exchange", "tags": { {{Tags}} }, "field": "signed_rate", "label": "Cấp tỉnh" }],
                  "options": { "unit": "%", "decimals": 2, "min": 0, "max": 100, "target": 95 } },
                { "id": "edoc-by-level", "type": "timeseries", "title": "Tỷ lệ văn bản điện tử theo cấp", "width": 6, "height": 2,
                  "series": [{ "measurement": "edoc_exchange", "field": "electronic_rate" }],
                  "options": { "unit": "%", "decimals": 2, "labelTag": "unit_name" } },
                { "id": "payments-amount", "type": "timeseries", "title": "Thanh toán trực tuyến (triệu đồng mỗi phút)", "width": 6, "height": 2,
                  "series": [{ "measurement": "payments_online", "tags": { {{Tags}} }, "field": "amount_million_vnd", "label": "Giá trị" }],
                  "options": { "decimals": 1, "aggregation": "sum" } },
                { "id": "portal-visits", "type": "timeseries", "title": "Lượt truy cập Cổng dịch vụ công", "width": 4, "height": 2,
                  "series": [{ "measurement": "portal_visits", "tags": { {{Tags}} }, "field": "sessions", "label": "Phiên" }],
                  "options": { "decimals": 0 } },
                { "id": "overdue", "type": "timeseries", "title": "Hồ sơ trễ hạn", "width": 4, "height": 2,
                  "series": [{ "measurement": "dvc_records", "tags": { {{Tags}} }, "field": "overdue", "label": "Trễ hạn" }],
                  "options": { "decimals": 0, "aggregation": "max" } },
                { "id": "vneid-registrations", "type": "timeseries", "title": "Đăng ký VNeID mới", "width": 4, "height": 2,
                  "series": [{ "measurement": "eid_accounts", "tags": { {{Tags}} }, "field": "registrations", "label": "Đăng ký" }],
                  "options": { "decimals": 0, "aggregation": "sum" } },
                { "id": "online-rate-by-commune", "type": "bar", "title": "Tỷ lệ hồ sơ trực tuyến theo xã, phường", "width": 12, "height": 2,
                  "series": [{ "measurement": "dvc_records_commune", "field": "online_rate" }],
                  "options": { "unit": "%", "decimals": 1, "labelTag": "unit_name", "target": 70 } }
              ]
            }
            """;
        await File.WriteAllTextAsync(Path.Combine(folder, DashboardId + ".json"), json);
    }

    /// <summary>30 days of one point a minute for every series, ending this minute, through POST /api/v1/write by four clients.</summary>
    internal static async Task<(long Values, double Seconds)> WriteHistoryAsync(BenchAccess access)
    {
        var end = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 60 * 60;
        var minutes = Days * MinutesPerDay;
        var requests = new List<(SeriesSpec Spec, int Unit, int From)>();
        foreach (var spec in Series)
        {
            for (var unit = 0; unit < spec.Units.Length; unit++)
            {
                for (var from = 0; from < minutes; from += LinesPerRequest)
                {
                    requests.Add((spec, unit, from));
                }
            }
        }

        using var writer = access.CreateWriter(TimeSpan.FromMinutes(2));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (request, cancellationToken) =>
        {
            var (spec, unit, from) = request;
            var (code, name, level) = spec.Units[unit];
            var random = new Random(from + (unit * 7919) + spec.Measurement.Length);
            var body = new StringBuilder(LinesPerRequest * 120);
            for (var m = from; m < Math.Min(minutes, from + LinesPerRequest); m++)
            {
                var seconds = end - ((long)(minutes - 1 - m) * 60);
                var day = Math.Sin(2 * Math.PI * (seconds % 86_400) / 86_400.0);
                var fields = spec.Fields.Select((field, i) =>
                {
                    var value = spec.Base[i] >= 100_000
                        ? spec.Base[i] + (m * 0.4) // a running total keeps growing
                        : Math.Max(0, spec.Base[i] * (1 + (spec.Swing * day)) + ((random.NextDouble() - 0.5) * spec.Base[i] * 0.1));
                    return new Field(field, Math.Round(Math.Min(value, spec.Base[i] > 50 && spec.Base[i] <= 100 ? 100 : double.MaxValue), 2));
                }).ToArray();
                LineProtocolFormatter.Append(body, new MetricPoint(spec.Measurement, [new Tag("level", level), new Tag("unit", code), new Tag("unit_name", name)], fields, seconds * 1_000_000_000), Precision.Seconds);
                body.Append('\n');
            }

            using var content = new StringContent(body.ToString(), Encoding.UTF8, "text/plain");
            using var response = await writer.PostAsync("/api/v1/write?precision=s", content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.NoContent)
            {
                throw new InvalidOperationException($"write answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        });
        return (Series.Sum(s => (long)s.Units.Length * s.Fields.Length * minutes), clock.Elapsed.TotalSeconds);
    }
}
