using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>A leader opens the service-index dashboard, fed by the simulator through the shipped collector.</summary>
public sealed class ServiceIndexWallTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Leader_SeesTheProvinceTotalAndTheRankings_WithEstimatesMarked()
    {
        var password = await fixture.Server.Admin.CreateUserAsync("lanh-dao-chi-so", "leader", "Lãnh-đạo-thử-chỉ-số-2026");
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var problems = new List<string>();
        page.PageError += (_, e) => problems.Add(e);
        page.Console += (_, m) =>
        {
            if (m.Type == "error" || m.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(m.Text);
            }
        };

        await page.GotoAsync($"{fixture.Server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "lanh-dao-chi-so");
        await page.FillAsync("input[name='Form.Password']", password);
        await page.ClickAsync("button[type='submit']");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync($"{fixture.Server.BaseUrl}/d/service-index");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });

        var province = page.Locator("[data-panel-id='index-province'] .service-index");
        await Assertions.Expect(province).ToHaveAttributeAsync("data-total", new System.Text.RegularExpressions.Regex(@"^\d"), new() { Timeout = 30_000 });
        var total = double.Parse((await province.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);

        // The page shows what the API answers: every commune and agency, the total to one decimal, marked as an estimate.
        using var leader = await Hosting.Session.SignInAsync(fixture.Server.BaseUrl, "lanh-dao-chi-so", password);
        var communes = (await leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index?level=commune")).GetProperty("entries").GetArrayLength();
        Assert.True(communes >= 10, $"{communes} communes");
        await Assertions.Expect(page.Locator("[data-panel-id='index-communes'] .service-index")).ToHaveAttributeAsync("data-entries", communes.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-panel-id='index-agencies'] .service-index")).ToHaveAttributeAsync("data-entries", "8", new() { Timeout = 30_000 });
        var answer = await leader.Http.GetFromJsonAsync<JsonElement>("/api/v1/service-index?level=province");
        var entry = answer.GetProperty("entries")[0];
        Assert.InRange(total, 1, 100);
        Assert.InRange(total, entry.GetProperty("total").GetDouble() - 0.5, entry.GetProperty("total").GetDouble() + 0.5);
        await Assertions.Expect(page.Locator("[data-panel-id='index-province'] .service-index-total")).ToHaveTextAsync(total.ToString("N1", CultureInfo.GetCultureInfo("vi-VN")));
        await Assertions.Expect(page.Locator("[data-panel-id='index-province'] .service-index-estimate")).ToHaveTextAsync("ước tính");
        Assert.True(await page.Locator("[data-panel-id='index-province'] svg").CountAsync() > 0);
        var provinceText = await page.Locator("[data-panel-id='index-province']").InnerTextAsync();
        Assert.Contains("Số hóa hồ sơ", provinceText, StringComparison.Ordinal);
        Assert.Contains("(ước tính)", provinceText, StringComparison.Ordinal);
        await page.WaitForTimeoutAsync(1_000);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "service-index.png") });

        // A click on the progress group's bar shows its indicators down to the counts behind them.
        await page.Locator("[data-panel-id='index-province'] .apexcharts-bar-area").Nth(1).ClickAsync();
        var details = page.Locator("[data-panel-id='index-province'] [data-role='details']");
        await Assertions.Expect(details).ToBeVisibleAsync();
        var onTime = entry.GetProperty("groups")[1].GetProperty("indicators")[0];
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        await Assertions.Expect(details).ToContainTextAsync("Hồ sơ giải quyết trước hạn, đúng hạn");
        await Assertions.Expect(details).ToContainTextAsync(
            $"({onTime.GetProperty("numerator").GetProperty("value").GetDouble().ToString("N0", vi)}/{onTime.GetProperty("denominator").GetProperty("value").GetDouble().ToString("N0", vi)})");
        await Assertions.Expect(details).ToContainTextAsync("records_settled_on_time");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "service-index-details.png") });
        await details.ClickAsync();
        await Assertions.Expect(details).ToBeHiddenAsync();

        await page.SetViewportSizeAsync(1024, 768);
        await page.WaitForTimeoutAsync(1_000);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "service-index-tablet.png") });
        // On a tablet every index panel keeps its chart inside its frame.
        var overflowing = await page.EvaluateAsync<int>("() => [...document.querySelectorAll('.service-index-plot')].filter(p => p.querySelector('svg') && p.querySelector('svg').getBoundingClientRect().bottom > p.getBoundingClientRect().bottom + 1).length");
        Assert.Equal(0, overflowing);
        Assert.Empty(problems);
    }
}
