using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A panel whose selector matches more series than <c>options.maxSeries</c> draws the highest ones and says how many
/// it leaves out, on the first paint and as new series arrive live, so a flood of series cannot swamp a wall.
/// </summary>
public sealed class PanelSeriesCapTests : IAsyncLifetime
{
    private string _dashboards = null!;
    private IocServer _server = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-cap-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "communes.json"), """
            {
              "apiVersion": "ioc/v1", "id": "communes", "title": "Xã, phường", "audience": "wall",
              "panels": [
                { "id": "rate", "type": "bar", "title": "Tỷ lệ trực tuyến", "width": 6,
                  "series": [ { "measurement": "cap_rate", "field": "online_rate" } ],
                  "options": { "labelTag": "unit", "maxSeries": 3, "unit": "%" } }
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
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task APanelOverItsMaxSeries_DrawsTheHighest_AndShowsHowManyMore()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await PostAsync(string.Join('\n', Enumerable.Range(1, 5).Select(i => $"cap_rate,unit=Xa-{i} online_rate={60 + (5 * i)} {now}")));
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync("communes");
        var page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } });
        await BrowserPages.OpenKioskAsync(page, _server.BaseUrl, token, "communes");
        var panel = page.Locator("[data-panel-id='rate']");

        await Assertions.Expect(panel.Locator("[data-role=more]")).ToHaveTextAsync("+2 chuỗi khác", new() { Timeout = 10_000 });
        await Assertions.Expect(panel).ToContainTextAsync("Xa-5");
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-point-count", "3");
        Assert.DoesNotContain("Xa-1", await panel.InnerTextAsync(), StringComparison.Ordinal);

        // A sixth series arriving live does not push a fourth bar onto the wall.
        await PostAsync($"cap_rate,unit=Xa-6 online_rate=99 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
        await Task.Delay(1500);
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-point-count", "3");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "panel-series-cap.png") });
    }

    private async Task PostAsync(string lines)
    {
        using var body = new StringContent(lines, Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);
    }
}
