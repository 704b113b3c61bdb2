using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>A leader signs in to the live server (simulator and collectors running) and reads the plan's KPI cards on /d/leaders.</summary>
public sealed partial class LeadersDashboardTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Leader_OpensTheLeadersDashboard_AndSeesKpiCardsWithValuesAndStatuses()
    {
        const string password = "Lãnh-đạo-Mật-khẩu-2026";
        await fixture.Server.Admin.CreateUserAsync("lanh-dao-tinh", "leader", password);
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1080 } });
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync($"{fixture.Server.BaseUrl}/");
        await page.FillAsync("input[name='Form.UserName']", "lanh-dao-tinh");
        await page.FillAsync("input[name='Form.Password']", password);
        await page.ClickAsync("button[type='submit']");
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        await page.GotoAsync($"{fixture.Server.BaseUrl}/d/leaders");

        // Records online is collected every few seconds from the simulated portal: a value, judged.
        var online = page.Locator("[data-panel-id='ho-so-truc-tuyen'] .kpi");
        await Assertions.Expect(online).ToHaveAttributeAsync("data-status", JudgedStatus(), new() { Timeout = 30_000 });
        Assert.Matches(@"^\d{2},\d+$", await online.Locator(".kpi-number").TextContentAsync());
        Assert.Contains(await online.Locator(".kpi-status").TextContentAsync(), new[] { "Đạt", "Đúng tiến độ", "Có nguy cơ", "Quá hạn" });
        await Assertions.Expect(online.Locator(".kpi-goal")).ToHaveTextAsync("Mục tiêu ≥ 80%");
        await Assertions.Expect(online.Locator(".kpi-deadline")).ToContainTextAsync("Hạn 31/12/2025");
        await Assertions.Expect(online.Locator(".kpi-time")).ToContainTextAsync("Số liệu lúc");
        Assert.Contains("05-NQ/TU", await online.GetAttributeAsync("title") ?? "", StringComparison.Ordinal);

        // Every card says one status in words, whatever its figures.
        foreach (var card in await page.Locator(".kpi").AllAsync())
        {
            await Assertions.Expect(card).ToHaveAttributeAsync("data-status", AnyStatus());
            Assert.Contains(await card.Locator(".kpi-status").TextContentAsync(), new[] { "Đạt", "Đúng tiến độ", "Có nguy cơ", "Quá hạn", "Không có dữ liệu" });
        }

        var progress = page.Locator("[data-panel-id='plan-progress'] .plan-progress");
        await Assertions.Expect(progress).ToHaveAttributeAsync("data-total", "15");
        await Assertions.Expect(progress).ToContainTextAsync("19/34 nhiệm vụ hoàn thành");
        foreach (var panel in new[] { "plan-progress", "ho-so-truc-tuyen", "dti-hang" })
        {
            // Current as soon as its answer arrives, never marked stale meanwhile.
            await Assertions.Expect(page.Locator($"[data-panel-id='{panel}']")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 5_000 });
        }

        await page.WaitForTimeoutAsync(500);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "leaders-1920x1080.png") });

        await page.SetViewportSizeAsync(1024, 768);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "leaders-1024x768.png") });
        var box = await online.BoundingBoxAsync();
        Assert.True(box is { Width: > 300 and < 1024 }, $"a card at 1024 px is {box?.Width} px wide");

        await progress.Locator(".progress-link").ClickAsync();
        await BrowserPages.WaitForPathAsync(page, "/plans/ha-tinh-cds");
        await Assertions.Expect(page.Locator(".plan-done")).ToHaveTextAsync("19/34 hoàn thành");
        await Assertions.Expect(page.Locator("tr[data-target='ho-so-truc-tuyen'] .status")).ToHaveTextAsync(StatusWord());
        Assert.Empty(errors);
    }

    [GeneratedRegex("^(met|on-track|at-risk|overdue)$")]
    private static partial Regex JudgedStatus();

    [GeneratedRegex("^(met|on-track|at-risk|overdue|no-data)$")]
    private static partial Regex AnyStatus();

    [GeneratedRegex("^(Đạt|Đúng tiến độ|Có nguy cơ|Quá hạn)$")]
    private static partial Regex StatusWord();
}
