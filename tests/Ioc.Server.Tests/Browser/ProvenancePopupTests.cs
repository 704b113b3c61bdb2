using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A leader signs in, lands on the leaders' dashboard, clicks a number (and opens another with the keyboard) and sees
/// where it comes from: the collector, its run and the source's state. On a wall screen the same click opens nothing.
/// </summary>
public sealed class ProvenancePopupTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private const string RecordsRate = "[data-panel-id='records-online-rate']";

    [Fact]
    public async Task Leader_ClicksANumber_AndSeesItsSourceCollectorAndRun()
    {
        var server = fixture.Server;
        var password = await server.Admin.CreateUserAsync("lanh-dao-tinh", "leader", "Lãnh-đạo-tỉnh-2026");
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await page.GotoAsync($"{server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "lanh-dao-tinh");
        await page.FillAsync("input[name='Form.Password']", password);
        await page.ClickAsync("button[type='submit']");
        await BrowserPages.WaitForLeadersLandingAsync(page, server);

        // The leaders' trends: this quarter's share of records online opens its ratio's provenance.
        await page.GotoAsync($"{server.BaseUrl}/d/leaders-trends");
        var current = page.Locator("[data-panel-id='online-rate-quarter'] .comparison-value[data-role='current']");
        await Assertions.Expect(current).ToHaveAttributeAsync("data-traceable", "true", new() { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "leaders-trends-1080p.png") });
        await current.ClickAsync();
        var dialog = page.Locator("dialog#provenance");
        await Assertions.Expect(dialog).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });
        await Assertions.Expect(dialog).ToContainTextAsync("Tử số");
        await Assertions.Expect(dialog).ToContainTextAsync("Mẫu số");
        await Assertions.Expect(dialog).ToContainTextAsync("portal-records");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        // The operations wall's rate tile, by mouse and then by keyboard.
        await page.GotoAsync($"{server.BaseUrl}/d/operations-wall");
        var number = page.Locator($"{RecordsRate} .stat-number");
        await Assertions.Expect(number).ToHaveAttributeAsync("data-traceable", "true", new() { Timeout = 30_000 });
        await number.ClickAsync();
        await Assertions.Expect(dialog).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });
        await Assertions.Expect(dialog.Locator("[data-field='source']")).ToContainTextAsync("Cổng dịch vụ công — hồ sơ tiếp nhận và xử lý");
        await Assertions.Expect(dialog.Locator("[data-field='collector']")).ToContainTextAsync("portal-records (http-json) — lần chạy của đúng thời điểm này");
        // The newest point comes from a scheduled run, or from the start's catch-up of missed slots when a busy
        // machine has not reached the next slot yet; either is named.
        await Assertions.Expect(dialog.Locator("[data-field='run']")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("theo lịch|chạy bù"));
        await Assertions.Expect(dialog.Locator("[data-field='run']")).ToContainTextAsync(Environment.MachineName);
        await Assertions.Expect(dialog.Locator("[data-field='source']")).ToContainTextAsync("đang cập nhật");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "provenance-popup.png") });
        await page.ClickAsync("dialog#provenance .provenance-close");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        await number.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });
        await page.Keyboard.PressAsync("Escape");

        // A commune's bar traces that commune's series.
        var bar = page.Locator("[data-panel-id='online-rate-by-commune'] .apexcharts-bar-area").First;
        await Assertions.Expect(bar).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await bar.ClickAsync(new LocatorClickOptions { Force = true });
        await Assertions.Expect(dialog).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });
        await Assertions.Expect(dialog.Locator("[data-field='series']")).ToContainTextAsync("level=commune");
        await Assertions.Expect(dialog.Locator("[data-field='collector']")).ToContainTextAsync("portal-records");
        await page.Keyboard.PressAsync("Escape");

        // On a tablet, portrait and landscape, the trends fit the width and the popup still opens.
        foreach (var (width, height) in new[] { (1024, 768), (768, 1024) })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.GotoAsync($"{server.BaseUrl}/d/leaders-trends");
            await Assertions.Expect(current).ToHaveAttributeAsync("data-traceable", "true", new() { Timeout = 30_000 });
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"the page is wider than {width} px");
            await current.ClickAsync();
            await Assertions.Expect(dialog).ToHaveAttributeAsync("data-state", "ready", new() { Timeout = 15_000 });
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"leaders-trends-{width}x{height}.png") });
            await page.Keyboard.PressAsync("Escape");
        }

        await page.CloseAsync();
    }

    [Fact]
    public async Task WallScreen_ClickingANumber_OpensNothing()
    {
        var server = fixture.Server;
        var (_, token) = await server.Admin.CreateDisplayTokenAsync("operations-wall");
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        await BrowserPages.OpenKioskAsync(page, server.BaseUrl, token, "operations-wall");
        await Assertions.Expect(page.Locator("#dashboard")).ToHaveAttributeAsync("data-kiosk", "true");
        var number = page.Locator($"{RecordsRate} .stat-number");
        await Assertions.Expect(page.Locator(RecordsRate)).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 30_000 });

        await number.ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("[data-panel-id='records-received-trend'] .ts-plot").ClickAsync();
        await Task.Delay(1500);

        Assert.Equal(0, await page.Locator("dialog").CountAsync());
        Assert.Equal(0, await page.Locator("[data-traceable]").CountAsync());
        await page.CloseAsync();
    }
}
