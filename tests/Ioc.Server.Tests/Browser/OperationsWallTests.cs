using System.Globalization;
using System.Net;
using System.Text;
using Ioc.Server.Features.Dashboards;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

public sealed class OperationsWallTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Wall_RendersEveryPanelLive()
    {
        var page = await OpenWallAsync();
        var wall = fixture.Server.Get<DashboardCatalog>().Find("operations-wall")!;

        foreach (var panel in wall.Panels)
        {
            var element = page.Locator($"[data-panel-id='{panel.Id}']");
            await Assertions.Expect(element).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
            if (panel.Type != "stat")
            {
                Assert.True(await element.Locator("svg").CountAsync() > 0, $"panel {panel.Id} drew no chart");
            }
        }

        // Panels fade from "connecting" to live over a moment; the screenshot shows them settled.
        await page.WaitForTimeoutAsync(1_500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "operations-wall.png") });
    }

    [Fact]
    public async Task PointPostedToIngest_AppearsOnTheWallWithinTwoSeconds()
    {
        var page = await OpenWallAsync();
        var trend = page.Locator("[data-panel-id='records-received-trend']");
        await Assertions.Expect(trend).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        var before = int.Parse(await trend.GetAttributeAsync("data-point-count") ?? "0", CultureInfo.InvariantCulture);
        var marker = Random.Shared.Next(900_000, 999_999);

        // Later than any scheduled slot for a while, so the collectors' own points do not replace it.
        var ts = DateTimeOffset.UtcNow.AddSeconds(20).ToUnixTimeMilliseconds();
        using var body = new StringContent(
            $"dvc_records,level=province,unit=42,unit_name=Tỉnh\\ Hà\\ Tĩnh received_today={marker},received_online_today=1 {ts}", Encoding.UTF8);
        var posted = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Server.Http.PostAsync("/api/v1/write?precision=ms", body)).StatusCode);

        var tile = page.Locator("[data-panel-id='records-today']");
        var shown = marker.ToString("N0", CultureInfo.GetCultureInfo("vi-VN"));
        await Assertions.Expect(tile).ToContainTextAsync(shown, new() { Timeout = 2_000 });
        await page.WaitForFunctionAsync(
            "([el, n]) => Number(el.dataset.pointCount) > n",
            new object[] { await trend.ElementHandleAsync(), before },
            new() { Timeout = 2_000 });
        var elapsed = DateTime.UtcNow - posted;
        Assert.True(elapsed < TimeSpan.FromSeconds(2), $"took {elapsed.TotalMilliseconds} ms");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "operations-wall-after-ingest.png") });
    }

    [Fact]
    public async Task Person_SignsIn_SeesTheWall_AndSignsOut()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var problems = Watch(page);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "sign-in.png") });
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Hosting.Session.AdminPassword);
        await page.ClickAsync("button[type='submit']");

        await BrowserPages.WaitForPathAsync(page, "/d/operations-wall");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ClickAsync(".wall-account button");
        await BrowserPages.WaitForPathAsync(page, "/login");
        await page.GotoAsync($"{fixture.Server.BaseUrl}/d/operations-wall");
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task RevokedDisplayToken_TakesTheScreenOffTheWall_WithinSeconds()
    {
        var (id, token) = await fixture.Server.Admin.CreateDisplayTokenAsync(name: "screen to revoke");
        var page = await fixture.Browser.NewPageAsync();
        await BrowserPages.OpenKioskAsync(page, fixture.Server.BaseUrl, token, "operations-wall");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Server.Http.DeleteAsync($"/api/v1/admin/display-tokens/{id}")).StatusCode);

        await BrowserPages.WaitForPathAsync(page, "/login");
    }

    /// <summary>A wall screen opens its kiosk URL: no sign-in page, straight to the wall, the token gone from the address bar.</summary>
    private async Task<IPage> OpenWallAsync()
    {
        var (_, token) = await fixture.Server.Admin.CreateDisplayTokenAsync();
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var problems = Watch(page);
        await BrowserPages.OpenKioskAsync(page, fixture.Server.BaseUrl, token, "operations-wall");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
        Assert.Empty(problems);
        return page;
    }

    /// <summary>Script errors and anything the content security policy refused.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(m.Text);
            }
        };
        return problems;
    }
}
