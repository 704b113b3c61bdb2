using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A wall screen is unattended: a value that stops arriving must be marked stale, and a server that goes away
/// must mark every panel offline, never leave old figures looking live.
/// </summary>
public sealed class KioskFreshnessTests : IAsyncLifetime
{
    private string _dashboards = null!;
    private IocServer? _server;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-kiosk-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "kiosk-check.json"), """
            {
              "apiVersion": "ioc/v1", "id": "kiosk-check", "title": "Kiểm tra màn hình",
              "panels": [
                { "id": "probe", "type": "stat", "title": "Probe", "width": 3,
                  "series": [ { "measurement": "kiosk_probe", "field": "value", "label": "Probe" } ],
                  "options": { "staleAfter": "2s", "decimals": 0 } }
              ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:DashboardsPath"] = _dashboards });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task Panel_TurnsStale_WhenNoValueArrives_AndOffline_WhenServerGoesAway()
    {
        await PostAsync(421);
        var (_, token) = await _server!.Admin.CreateDisplayTokenAsync("kiosk-check");
        var page = await _browser.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "kiosk-check");
        var probe = page.Locator("[data-panel-id='probe']");
        await Assertions.Expect(probe).ToContainTextAsync("421", new() { Timeout = 10_000 });

        // Nothing new for longer than staleAfter (2 s) plus the screen's check interval.
        await Assertions.Expect(probe).ToHaveAttributeAsync("data-state", "stale", new() { Timeout = 10_000 });

        await PostAsync(422);
        await Assertions.Expect(probe).ToContainTextAsync("422", new() { Timeout = 2_000 });
        await Assertions.Expect(probe).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 6_000 });

        await _server.DisposeAsync();
        _server = null;
        await Assertions.Expect(probe).ToHaveAttributeAsync("data-state", "offline", new() { Timeout = 10_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "kiosk-offline.png") });
    }

    private async Task PostAsync(int value)
    {
        using var body = new StringContent($"kiosk_probe value={value} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await _server!.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);
    }
}
