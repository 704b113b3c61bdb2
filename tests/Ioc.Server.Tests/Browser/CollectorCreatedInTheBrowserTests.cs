using System.Diagnostics;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// An administrator adds a source from the browser: fills the form, test-runs it, saves it, and the wall shows
/// its figure within one schedule interval, with no restart.
/// </summary>
public sealed class CollectorCreatedInTheBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int WaterLevelCm = 387;

    private string _dashboards = null!;
    private string _collectors = null!;
    private LocalSource _station = null!;
    private IocServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-ui-dash-").FullName;
        _collectors = Directory.CreateTempSubdirectory("ioc-ui-coll-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "thuy-van.json"), """
            {
              "apiVersion": "ioc/v1", "id": "thuy-van", "title": "Thuỷ văn",
              "panels": [
                { "id": "muc-nuoc", "type": "stat", "title": "Mực nước sông Hồng tại Hà Nội", "width": 4,
                  "series": [ { "measurement": "ui_water_level", "field": "level_cm", "label": "Mực nước" } ],
                  "options": { "unit": "cm", "decimals": 0 } }
              ]
            }
            """);
        // A hydrological station's own web service, the system the new collector reads.
        _station = await LocalSource.StartAsync(routes => routes.MapGet("/tram/ha-noi", () =>
            Results.Json(new { station = "ha-noi", levelCm = WaterLevelCm, at = DateTimeOffset.UtcNow })));
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:DashboardsPath"] = _dashboards,
            ["Ioc:CollectorsPath"] = _collectors,
            ["Ioc:Scheduling:Enabled"] = "true",
        });
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _server.DisposeAsync();
        await _station.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
        Directory.Delete(_collectors, recursive: true);
    }

    [Fact]
    public async Task CollectorMadeInTheForm_TestRuns_Saves_AndItsFigureReachesThePanel_WithinOneInterval()
    {
        await using var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1000 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.GotoAsync($"{_server.BaseUrl}/admin/collectors/new");
        await page.FillAsync("input[name='Form.Id']", "muc-nuoc-song-hong");
        await page.FillAsync("input[name='Form.Name']", "Trạm thuỷ văn Hà Nội — mực nước");
        await page.SelectOptionAsync("select[name='Form.Kind']", "http-json");
        await page.FillAsync("input[name='Form.Schedule']", "*/5 * * * * *");
        await page.FillAsync("input[name='Form.Timeout']", "3s");
        await page.FillAsync("textarea[name='Form.Spec']", $$"""
            url: {{_station.BaseUrl}}/tram/ha-noi
            mappings:
              - measurement: ui_water_level
                tags: { station: $.station }
                fields: { level_cm: $.levelCm }
            """);

        await page.ClickAsync("#test-run");

        var points = page.Locator("#test-points");
        await Assertions.Expect(points).ToContainTextAsync("ui_water_level", new() { Timeout = 15_000 });
        await Assertions.Expect(points).ToContainTextAsync($"level_cm={WaterLevelCm}");
        await Assertions.Expect(points).ToContainTextAsync("station=ha-noi");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "collector-test-run.png"), FullPage = true });

        await page.ClickAsync("#save");
        await BrowserPages.WaitForPathAsync(page, "/admin/collectors/muc-nuoc-song-hong", () => page.InnerTextAsync("body").GetAwaiter().GetResult());
        var saved = Stopwatch.StartNew();

        await page.GotoAsync($"{_server.BaseUrl}/d/thuy-van");
        var panel = page.Locator("[data-panel-id='muc-nuoc']");

        // One 5 s interval, plus the seconds every node takes to see a change and a margin for a busy machine.
        await Assertions.Expect(panel).ToContainTextAsync(WaterLevelCm.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-state", "live");
        output.WriteLine($"the panel showed the figure {saved.Elapsed.TotalSeconds:0.0} s after saving");
        Assert.True(saved.Elapsed < TimeSpan.FromSeconds(15), $"the panel showed the figure {saved.Elapsed.TotalSeconds:0.0} s after saving");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "collector-panel.png") });

        await page.GotoAsync($"{_server.BaseUrl}/admin/collectors");
        await Assertions.Expect(page.Locator("tr[data-collector-id='muc-nuoc-song-hong'] [data-origin='admin']")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "collectors-list.png"), FullPage = true });
    }

    private async Task SignInAsync(IPage page)
    {
        await page.GotoAsync($"{_server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Session.AdminPassword);
        await page.ClickAsync("button[type='submit']");
        await BrowserPages.WaitForPathAsync(page, "/d/thuy-van");
    }

}
