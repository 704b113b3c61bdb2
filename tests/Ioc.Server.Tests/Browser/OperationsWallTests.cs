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
            $"dvc_records,level=province,unit=HT,unit_name=Tỉnh\\ Hà\\ Tĩnh received_today={marker},received_online_today=1 {ts}", Encoding.UTF8);
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

    private async Task<IPage> OpenWallAsync()
    {
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{fixture.Server.BaseUrl}/");
        Assert.EndsWith("/d/operations-wall", page.Url, StringComparison.Ordinal);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 15_000 });
        Assert.Empty(errors);
        return page;
    }
}
