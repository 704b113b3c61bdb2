using Ioc.Server.Tests.Features.Units;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

/// <summary>
/// A leader opens a leaders' dashboard that ranks communes, sorts it, clicks a commune's bar, sees that commune's
/// figures under a breadcrumb and where it stands among its neighbours, and goes back to the province, by the browser's Back and by the breadcrumb.
/// </summary>
public sealed class DrillDownTests(UnitsServerFixture fixture) : IClassFixture<UnitsServerFixture>, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }

    [Theory]
    [InlineData(1920, 1080)]
    [InlineData(1024, 768)]
    public async Task Leader_DrillsFromTheProvinceIntoACommune_AndBack(int width, int height)
    {
        await using var context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{fixture.Server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "units-leader");
        await page.FillAsync("input[name='Form.Password']", "leader-Mật-khẩu-2026");
        await page.ClickAsync("button[type='submit']");
        await page.WaitForURLAsync(u => !u.Contains("/login", StringComparison.Ordinal));
        var dashboard = $"{fixture.Server.BaseUrl}/d/{UnitsServerFixture.Dashboard}";
        await page.GotoAsync(dashboard);

        // The province: today's own row on the card, its two communes ranked best first.
        var rows = page.Locator(".ranking-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-unit", "HT-001");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("Phường Thành Sen");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("95,0%");
        await Assertions.Expect(page.Locator("section[data-panel-id='received'] .stat-number")).ToHaveTextAsync("1.000");
        await Assertions.Expect(page.Locator(".unit-trail [aria-current]")).ToHaveTextAsync("Tỉnh Hà Tĩnh");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"leaders-ranking-{width}x{height}.png") });

        await page.ClickAsync(".ranking-sort");
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-unit", "HT-002");

        // Into Phường Thành Sen: its own figures, and the way back.
        await page.ClickAsync(".ranking-row[data-unit='HT-001']");
        await page.WaitForURLAsync($"{dashboard}?unit=HT-001");
        await Assertions.Expect(page.Locator(".unit-trail [aria-current]")).ToHaveTextAsync("Phường Thành Sen");
        await Assertions.Expect(page.Locator(".unit-trail a[data-unit='42']")).ToHaveTextAsync("Tỉnh Hà Tĩnh");
        await Assertions.Expect(page.Locator("section[data-panel-id='received'] .stat-number")).ToHaveTextAsync("400");
        await Assertions.Expect(page.Locator("section[data-panel-id='received'] .stat-caption")).ToHaveTextAsync("Phường Thành Sen");

        // A commune has no communes below it: the ranking shows it among its neighbours, marked.
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".ranking-row[aria-current]")).ToHaveAttributeAsync("data-unit", "HT-001");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, $"leaders-drilled-{width}x{height}.png") });

        await page.GoBackAsync();
        await page.WaitForURLAsync(dashboard);
        await Assertions.Expect(page.Locator("section[data-panel-id='received'] .stat-number")).ToHaveTextAsync("1.000");

        await page.GotoAsync($"{dashboard}?unit=HT-002");
        await Assertions.Expect(page.Locator("section[data-panel-id='received'] .stat-number")).ToHaveTextAsync("200");
        await page.ClickAsync(".unit-trail a[data-unit='42']");
        await page.WaitForURLAsync(dashboard);
        await Assertions.Expect(page.Locator(".unit-trail [aria-current]")).ToHaveTextAsync("Tỉnh Hà Tĩnh");
        Assert.Empty(errors);
    }
}
