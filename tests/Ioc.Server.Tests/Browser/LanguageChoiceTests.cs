using Ioc.Server.Tests.Hosting;
using Microsoft.Playwright;

namespace Ioc.Server.Tests.Browser;

public sealed class LanguageChoiceFixture : IAsyncLifetime
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
/// A person clicks the language switch as they would: the choice holds in this browser across signing out and in,
/// an English-speaking browser still opens in Vietnamese, and a Vietnamese wall stays Vietnamese.
/// </summary>
public sealed class LanguageChoiceTests(LanguageChoiceFixture fixture) : IClassFixture<LanguageChoiceFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task EnglishChosenOnTheSignInPage_HoldsThroughSigningInOutAndIn_ButNotOnAVietnameseWall()
    {
        // The browser itself prefers English: Vietnamese first all the same.
        await using var context = await fixture.Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{Server.BaseUrl}/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");
        await Assertions.Expect(page.Locator(".sign-in h1")).ToHaveTextAsync("Trung tâm giám sát, điều hành");

        await page.ClickAsync("form.language button[value='en']");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.Locator(".sign-in form:not(.language) button[type='submit']")).ToHaveTextAsync("Sign in");
        await Assertions.Expect(page.Locator("form.language button[value='en']")).ToHaveAttributeAsync("aria-pressed", "true");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "sign-in-english.png") });
        await SignInAsync(page);
        await page.GotoAsync($"{Server.BaseUrl}/admin");
        await Assertions.Expect(page.Locator("header.top nav")).ToContainTextAsync("Administration");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Administration");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDir, "admin-home-english.png") });

        await page.ClickAsync("form.sign-out button[type='submit']");
        await BrowserPages.WaitForPathAsync(page, "/login");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await SignInAsync(page);
        await page.GotoAsync($"{Server.BaseUrl}/admin/users");

        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Users");
        await Assertions.Expect(page.Locator("header.top nav")).ToContainTextAsync("API keys");
        await Assertions.Expect(page.Locator("form.sign-out button")).ToHaveTextAsync("Sign out");

        // The operations wall's locale is vi-VN: its words stay Vietnamese for this English-choosing person.
        await page.GotoAsync($"{Server.BaseUrl}/d/operations-wall");
        await page.WaitForSelectorAsync("body[data-ready='true']", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi-VN");
        await Assertions.Expect(page.Locator("#connection")).ToHaveTextAsync("Trực tiếp", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".wall-account button")).ToHaveTextAsync("Đăng xuất");
        await Assertions.Expect(page.Locator(".wall-description")).ToContainTextAsync("cập nhật trực tiếp");

        // And back to Vietnamese from the admin header.
        await page.GotoAsync($"{Server.BaseUrl}/admin");
        await page.ClickAsync("form.language button[value='vi']");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("Quản trị");
    }

    private async Task SignInAsync(IPage page)
    {
        await page.FillAsync("input[name='Form.UserName']", "admin");
        await page.FillAsync("input[name='Form.Password']", Session.AdminPassword);
        await page.ClickAsync("form[method='post'] button[type='submit']:not([name='language'])");
        await BrowserPages.WaitForLeadersLandingAsync(page, Server);
    }
}
