using System.Net;
using System.Net.Http.Json;
using System.Text;
using Ioc.Server.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A wall screen opened with a display token that names a playlist shows the playlist's dashboards in turn, on one
/// live connection that never drops, and each dashboard shown takes live points while it is on screen.
/// </summary>
public sealed class PlaylistRotationTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const int DwellSeconds = 5;
    private string _dashboards = null!;
    private IocServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-playlist-").FullName;
        foreach (var name in new[] { "one", "two", "three" })
        {
            await File.WriteAllTextAsync(Path.Combine(_dashboards, $"pl-{name}.json"), $$"""
                {
                  "apiVersion": "ioc/v1", "id": "pl-{{name}}", "title": "Bảng {{name}}", "audience": "wall",
                  "panels": [
                    { "id": "{{name}}-probe", "type": "stat", "title": "Probe {{name}}", "width": 4,
                      "series": [ { "measurement": "pl_{{name}}", "field": "value", "label": "{{name}}" } ],
                      "options": { "decimals": 0, "staleAfter": "10m" } },
                    { "id": "{{name}}-trend", "type": "timeseries", "title": "Trend {{name}}", "width": 8,
                      "series": [ { "measurement": "pl_{{name}}", "field": "value", "label": "{{name}}" } ] }
                  ]
                }
                """);
        }

        Directory.CreateDirectory(Path.Combine(_dashboards, "playlists"));
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "playlists", "rotation.json"), $$"""
            {
              "apiVersion": "ioc/v1", "id": "rotation", "title": "Trình chiếu thử",
              "items": [
                { "dashboard": "pl-one", "dwell": "{{DwellSeconds}}s" },
                { "dashboard": "pl-two", "dwell": "{{DwellSeconds}}s" },
                { "dashboard": "pl-three", "dwell": "{{DwellSeconds}}s" }
              ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:DashboardsPath"] = _dashboards,
            ["Ioc:Playlists:MinDwell"] = "00:00:02",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task PlaylistToken_RotatesThroughEveryDashboard_OnOneLiveConnection()
    {
        await PostAsync("pl_one", 111);
        var token = await CreatePlaylistTokenAsync();
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        var sockets = new List<string>();
        page.WebSocket += (_, socket) => sockets.Add(socket.Url);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        // How long each switch takes to show figures: from the mount to the first panel painted.
        await page.AddInitScriptAsync("""
            document.addEventListener('ioc:mounted', (e) => {
              const at = performance.now();
              const waitForPaint = () => document.querySelector('.panel[data-last-update]')
                ? (window.__switches ??= []).push({ id: e.detail.dashboardId, ms: performance.now() - at })
                : requestAnimationFrame(waitForPaint);
              requestAnimationFrame(waitForPaint);
            });
            """);
        await page.GotoAsync($"{_server.BaseUrl}/kiosk#{token}");
        await BrowserPages.WaitForPathAsync(page, "/p/rotation");
        var main = page.Locator("#dashboard");
        await Assertions.Expect(main).ToHaveAttributeAsync("data-dashboard-id", "pl-one", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("[data-panel-id='one-probe']")).ToContainTextAsync("111", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#playlist-position")).ToHaveTextAsync("1/3");
        await Assertions.Expect(page.Locator("[data-panel-id='one-probe']")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 10_000 });
        var connectionId = await page.EvaluateAsync<string>("() => window.iocLive.connectionId");

        // The second dashboard replaces the first without a reload, and takes live points while it is shown.
        await Assertions.Expect(main).ToHaveAttributeAsync("data-dashboard-id", "pl-two", new() { Timeout = (DwellSeconds + 3) * 1000 });
        await Assertions.Expect(page.Locator("#playlist-position")).ToHaveTextAsync("2/3");
        await Assertions.Expect(page.Locator(".wall-title")).ToHaveTextAsync("Bảng two");
        Assert.Equal(0, await page.Locator("[data-panel-id='one-probe']").CountAsync());
        await Assertions.Expect(page.Locator("[data-panel-id='two-probe']")).ToHaveAttributeAsync("data-state", "stale", new() { Timeout = 5_000 });
        await PostAsync("pl_two", 222);
        await Assertions.Expect(page.Locator("[data-panel-id='two-probe']")).ToContainTextAsync("222", new() { Timeout = 3_000 });

        await Assertions.Expect(main).ToHaveAttributeAsync("data-dashboard-id", "pl-three", new() { Timeout = (DwellSeconds + 3) * 1000 });
        await Assertions.Expect(page.Locator("#playlist-position")).ToHaveTextAsync("3/3");

        // Round again: the first dashboard is mounted anew, with what was written while it was away.
        await PostAsync("pl_one", 112);
        await Assertions.Expect(main).ToHaveAttributeAsync("data-dashboard-id", "pl-one", new() { Timeout = (DwellSeconds + 3) * 1000 });
        await Assertions.Expect(page.Locator("[data-panel-id='one-probe']")).ToContainTextAsync("112", new() { Timeout = 5_000 });
        await Assertions.Expect(page.Locator("[data-panel-id='one-probe']")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 5_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "playlist-rotation.png") });

        var switches = await page.EvaluateAsync<System.Text.Json.JsonElement>("() => window.__switches ?? []");
        output.WriteLine($"mount → first panel painted: {switches}");
        var remount = switches.EnumerateArray().Last(s => s.GetProperty("id").GetString() == "pl-one").GetProperty("ms").GetDouble();
        Assert.True(remount < 2_000, $"the preloaded dashboard took {remount:0} ms to paint after its switch");

        Assert.Equal(connectionId, await page.EvaluateAsync<string>("() => window.iocLive.connectionId"));
        Assert.Single(sockets);
        Assert.Equal(1, _server.Get<LiveConnections>().Count);
        // Each unmounted dashboard destroyed its charts: only the one on screen has a chart alive (its trend).
        await Assertions.Expect(page.Locator("[data-panel-id='one-trend'] .apexcharts-canvas")).ToHaveCountAsync(1, new() { Timeout = 5_000 });
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.iocLive.charts"));
        Assert.Empty(errors);
    }

    private async Task<string> CreatePlaylistTokenAsync()
    {
        var response = await _server.Admin.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "Phòng điều hành", playlistId = "rotation", days = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return body.GetProperty("secret").GetString()!;
    }

    private async Task PostAsync(string measurement, int value)
    {
        using var body = new StringContent($"{measurement} value={value} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);
    }
}
