using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A wall screen outlives the server: killed and started again, the screen says it is offline, and once back it
/// shows exactly the points written meanwhile — none lost, none twice.
/// </summary>
public sealed class ReconnectTests(ITestOutputHelper output) : IAsyncLifetime
{
    private string _folder = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private readonly int _port = IocProcess.FreePort();
    private long _firstTime;

    public async Task InitializeAsync()
    {
        _folder = Directory.CreateTempSubdirectory("ioc-reconnect-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "dashboards"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "dashboards", "reconnect-check.json"), """
            {
              "apiVersion": "ioc/v1", "id": "reconnect-check", "title": "Kết nối lại", "timeWindow": "30m",
              "panels": [
                { "id": "probe", "type": "timeseries", "title": "Giao dịch thanh toán", "width": 6, "height": 2,
                  "series": [ { "measurement": "reconnect_probe", "field": "value", "label": "Giao dịch" } ],
                  "options": { "maxPoints": 1000 } }
              ]
            }
            """);
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
        _firstTime = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<IocProcess> StartAsync() => IocProcess.StartAsync(new Dictionary<string, string>
    {
        ["Ioc:Storage:Sqlite:Path"] = Path.Combine(_folder, "ioc.db"),
        ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_folder, "ioc-config.db"),
        ["Ioc:Storage:Spool:Path"] = Path.Combine(_folder, "spool"),
        ["Ioc:DashboardsPath"] = Path.Combine(_folder, "dashboards"),
        ["Ioc:CollectorsPath"] = Path.Combine(_folder, "collectors"),
        ["Ioc:Scheduling:Enabled"] = "false",
        ["Ioc:Simulator:Enabled"] = "false",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    }, _port);

    [Fact]
    public async Task Screen_ShowsOffline_ThenExactlyThePointsWrittenMeanwhile_AfterTheServerIsKilledAndRestarted()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "collectors"));
        var first = await StartAsync();
        var (_, token) = await first.Admin.CreateDisplayTokenAsync("reconnect-check", "Màn hình kết nối lại");
        var page = await _browser.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, first.BaseUrl, token, "reconnect-check");
        await WriteAsync(first, 1, 5);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 5);
        await BrowserPages.WaitConnectionAsync(page, "live");

        // Killed like a power cut; the screen must not go on looking live.
        await first.DisposeAsync();
        await BrowserPages.WaitConnectionAsync(page, "offline");
        Assert.True(await page.Locator("#offline-banner").IsVisibleAsync());

        // Back, but the screen cannot reach it yet (its network is still down): points arrive meanwhile.
        await page.RouteAsync("**/hubs/live/negotiate**", route => route.AbortAsync());
        await using var second = await StartAsync();
        await WriteAsync(second, 6, 12);
        Assert.Equal("offline", await page.EvaluateAsync<string>("document.body.dataset.connection"));

        await page.UnrouteAsync("**/hubs/live/negotiate**");
        var back = Stopwatch.StartNew();
        await BrowserPages.WaitConnectionAsync(page, "live", TimeSpan.FromSeconds(60));
        output.WriteLine($"live again {back.Elapsed.TotalSeconds:0.0} s after the network came back (includes the reconnect backoff)");
        Assert.False(await page.Locator("#offline-banner").IsVisibleAsync());
        Assert.Equal(Enumerable.Range(1, 12).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));

        // And live again: the next point arrives over the hub, still exactly once.
        await WriteAsync(second, 13, 13);
        await BrowserPages.WaitForChartValuesAsync(page, "probe", 13);
        Assert.Equal(Enumerable.Range(1, 13).Select(v => (double)v), await BrowserPages.ChartValuesAsync(page, "probe"));
    }

    [Fact]
    public async Task Screen_ReloadsByItself_WhenItsServerComesBackWithAChangedDashboard()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "collectors"));
        var first = await StartAsync();
        var (_, token) = await first.Admin.CreateDisplayTokenAsync("reconnect-check", "Màn hình đổi bảng");
        var page = await _browser.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, first.BaseUrl, token, "reconnect-check");
        await BrowserPages.WaitConnectionAsync(page, "live");
        // The first heartbeat tells the page which version and dashboards it runs against.
        await Task.Delay(1000);
        await page.EvaluateAsync("window.__beforeRestart = true");

        await first.DisposeAsync();
        var file = Path.Combine(_folder, "dashboards", "reconnect-check.json");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("Kết nối lại", "Bảng đã đổi", StringComparison.Ordinal));
        await using var second = await StartAsync();

        await Assertions.Expect(page.Locator(".wall-title")).ToHaveTextAsync("Bảng đã đổi", new() { Timeout = 60_000 });
        Assert.False(await page.EvaluateAsync<bool>("window.__beforeRestart === true"));
    }

    /// <summary>Values <paramref name="from"/>…<paramref name="to"/>, one per 10 s of data time, so no two share a bucket.</summary>
    private async Task WriteAsync(IocProcess server, int from, int to)
    {
        var lines = Enumerable.Range(from, to - from + 1)
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"reconnect_probe value={v} {_firstTime + (v * 10_000L)}"));
        using var body = new StringContent(string.Join('\n', lines), Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await server.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);
    }
}
