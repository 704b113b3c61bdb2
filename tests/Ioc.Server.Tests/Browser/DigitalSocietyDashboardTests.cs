using Ioc.Server.Features.Dashboards;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>The leaders' digital-society dashboard shows every KPI group live, on a 1080p screen and on a tablet.</summary>
public sealed class DigitalSocietyDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(1920, 1080, "digital-society-1080p.png")]
    [InlineData(1024, 768, "digital-society-tablet.png")]
    public async Task EveryPanel_IsLive_AndThePageFitsTheScreenWidth(int width, int height, string screenshot)
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{fixture.Server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Hosting.Session.AdminPassword);
        await page.ClickAsync("button[type='submit']");
        await BrowserPages.WaitForPathAsync(page, "/d/operations-wall");
        await page.GotoAsync($"{fixture.Server.BaseUrl}/d/digital-society");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });

        var dashboard = fixture.Server.Get<DashboardCatalog>().Find("digital-society")!;
        Assert.Equal("leaders", dashboard.Audience);
        foreach (var panel in dashboard.Panels)
        {
            var element = page.Locator($"[data-panel-id='{panel.Id}']");
            await Assertions.Expect(element).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        }

        await Assertions.Expect(page.Locator("[data-panel-id='records-online-by-sector']")).ToContainTextAsync("Đất đai");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow} px wider than the screen");
        Assert.Empty(errors);
        await page.WaitForTimeoutAsync(1_500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, screenshot) });
    }
}
