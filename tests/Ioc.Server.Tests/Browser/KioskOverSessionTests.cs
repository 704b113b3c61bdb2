using Ioc.Server.Features.Dashboards;
using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

public sealed class KioskOverSessionFixture : IAsyncLifetime
{
    private IPlaywright _playwright = null!;

    public IocServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await IocServer.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// A kiosk link opened in a browser where a person is signed in asks before replacing their session; a wall
/// screen with nobody signed in never waits for a click (the wall tests open kiosks that way).
/// </summary>
public sealed class KioskOverSessionTests(KioskOverSessionFixture fixture) : IClassFixture<KioskOverSessionFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task KioskLink_InASignedInBrowser_Asks_AndCancelKeepsTheSession()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignedInPageAsync(context);
        var (_, token) = await Server.Admin.CreateDisplayTokenAsync(name: "opened on a laptop");

        await page.GotoAsync($"{Server.BaseUrl}/kiosk#{token}");

        var question = page.Locator("#kiosk-ask");
        await Assertions.Expect(question).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(question).ToContainTextAsync("admin");
        await Assertions.Expect(question).ToContainTextAsync(Server.Get<DashboardCatalog>().Find("operations-wall")!.Title);
        Assert.DoesNotContain(token, page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsDir, "kiosk-over-session.png") });

        await page.ClickAsync("#kiosk-cancel");

        await BrowserPages.WaitForLeadersLandingAsync(page, Server);
        Assert.Equal(200, (await context.APIRequest.GetAsync($"{Server.BaseUrl}/api/v1/admin/users")).Status);
    }

    [Fact]
    public async Task KioskLink_InASignedInBrowser_ReplacesTheSessionWithTheWall_OnContinue()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await SignedInPageAsync(context);
        var (_, token) = await Server.Admin.CreateDisplayTokenAsync(name: "turned into a wall");
        await page.GotoAsync($"{Server.BaseUrl}/kiosk#{token}");
        await Assertions.Expect(page.Locator("#kiosk-ask")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        await page.ClickAsync("#kiosk-continue");

        await BrowserPages.WaitForPathAsync(page, "/d/operations-wall");
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(401, (await context.APIRequest.GetAsync($"{Server.BaseUrl}/api/v1/admin/users")).Status);
    }

    private async Task<IPage> SignedInPageAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Server.BaseUrl}/login");
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Session.AdminPassword);
        await page.ClickAsync("button[type='submit']");
        await BrowserPages.WaitForLeadersLandingAsync(page, Server);
        return page;
    }
}
