using System.Net;
using System.Text.RegularExpressions;
using Ioc.Core.Access;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Admin;

public sealed class LanguageFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Vietnamese first, English second: pages are Vietnamese unless the person chose English with the language
/// switch, which this browser remembers (across signing out and in); a wall keeps its dashboard's language.
/// </summary>
public sealed partial class LanguageTests(LanguageFixture fixture) : IClassFixture<LanguageFixture>
{
    private const string Password = "Mật-khẩu-ngôn-ngữ-2026";

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task SignInPage_IsVietnamese_EvenWhenTheBrowserAsksForEnglish()
    {
        using var visitor = Session.Anonymous(Server.BaseUrl);
        visitor.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US,en;q=0.9");

        var page = await ReadAsync(visitor, "/login");

        Assert.Contains("<html lang=\"vi\">", page, StringComparison.Ordinal);
        Assert.Contains(">Đăng nhập</button>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Sign in", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChoosingEnglish_OnTheSignInPage_ShowsItInEnglish_AndRemembersItForAYear()
    {
        using var visitor = Session.Anonymous(Server.BaseUrl);

        using var chosen = await ChooseAsync(visitor, "/login", "en");

        Assert.Equal(HttpStatusCode.Found, chosen.StatusCode);
        Assert.Equal("/login", chosen.Headers.Location!.OriginalString);
        var cookie = chosen.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));
        Assert.Contains("max-age=31536000", cookie, StringComparison.OrdinalIgnoreCase);
        var page = await ReadAsync(visitor, "/login");
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains(">Sign in</button>", page, StringComparison.Ordinal);
        Assert.Contains("User name", page, StringComparison.Ordinal);

        using var back = await ChooseAsync(visitor, "/login", "vi");

        Assert.Contains(">Đăng nhập</button>", await ReadAsync(visitor, "/login"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/login")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    [InlineData("")]
    public async Task LanguageSwitch_GoesBackOnlyToAPageOfThisSite(string returnUrl)
    {
        using var visitor = Session.Anonymous(Server.BaseUrl);

        using var chosen = await ChooseAsync(visitor, "/login", "en", returnUrl);

        Assert.Equal(HttpStatusCode.Found, chosen.StatusCode);
        Assert.Equal("/", chosen.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task LanguageSwitch_RefusesALanguageItDoesNotSpeak_AndSetsNothing()
    {
        using var visitor = Session.Anonymous(Server.BaseUrl);

        using var chosen = await ChooseAsync(visitor, "/login", "fr");

        Assert.Equal(HttpStatusCode.BadRequest, chosen.StatusCode);
        Assert.DoesNotContain(visitor.Cookies.GetAllCookies(), c => c.Name == ".AspNetCore.Culture");
        Assert.Contains("<html lang=\"vi\">", await ReadAsync(visitor, "/login"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageSwitch_WithoutTheFormsAntiforgeryToken_IsRefused()
    {
        using var visitor = Session.Anonymous(Server.BaseUrl);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["language"] = "en", ["returnUrl"] = "/login" });

        using var response = await visitor.Http.PostAsync("/language", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(visitor.Cookies.GetAllCookies(), c => c.Name == ".AspNetCore.Culture");
    }

    [Fact]
    public async Task EnglishChosenByAnAdmin_StaysAfterSigningOutAndIn_WhileTheWallStaysVietnamese()
    {
        var name = "ngon-ngu-" + Guid.NewGuid().ToString("N")[..8];
        await Server.Admin.CreateUserAsync(name, Roles.Admin, Password);
        using var admin = await Session.SignInAsync(Server.BaseUrl, name, Password);
        Assert.Contains(">Quản trị</a>", await ReadAsync(admin, "/admin"), StringComparison.Ordinal);

        using var chosen = await ChooseAsync(admin, "/admin/users", "en");

        Assert.Equal("/admin/users", chosen.Headers.Location!.OriginalString);
        var users = await ReadAsync(admin, "/admin/users");
        Assert.Contains("<h1>Users</h1>", users, StringComparison.Ordinal);
        Assert.Contains(">Administrator</option>", users, StringComparison.Ordinal);
        using (var signedOut = await admin.SignOutAsync())
        {
            Assert.Equal(HttpStatusCode.Found, signedOut.StatusCode);
        }

        Assert.Contains(">Sign in</button>", await ReadAsync(admin, "/login"), StringComparison.Ordinal);
        using (var again = await admin.PostSignInAsync(name, Password))
        {
            Assert.Equal(HttpStatusCode.Found, again.StatusCode);
        }

        var home = await ReadAsync(admin, "/admin");
        Assert.Contains("<html lang=\"en\">", home, StringComparison.Ordinal);
        Assert.Contains(">Administration</a>", home, StringComparison.Ordinal);
        Assert.Contains(">Collectors</a>", home, StringComparison.Ordinal);
        Assert.Contains(">Sign out</button>", home, StringComparison.Ordinal);
        Assert.DoesNotContain("Quản trị", home, StringComparison.Ordinal);

        // A wall's language is its dashboard's locale (vi-VN), whatever the admin pages were switched to.
        var wall = await ReadAsync(admin, "/d/operations-wall");
        Assert.Contains("<html lang=\"vi-VN\">", wall, StringComparison.Ordinal);
        Assert.Contains(">Đang kết nối…</span>", wall, StringComparison.Ordinal);
        Assert.Contains(">Đăng xuất</button>", wall, StringComparison.Ordinal);
        Assert.Contains("data-locale=\"vi-VN\"", wall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatesOnThePages_FollowTheChosenLanguage()
    {
        var name = "ngon-ngu-ngay-" + Guid.NewGuid().ToString("N")[..8];
        await Server.Admin.CreateUserAsync(name, Roles.Leader, Password);
        using var leader = await Session.SignInAsync(Server.BaseUrl, name, Password);
        // Hà Tĩnh's plan rests on a resolution of 22 October 2021.
        Assert.Contains("22/10/2021", await ReadAsync(leader, "/plans/ha-tinh-cds"), StringComparison.Ordinal);

        using var chosen = await ChooseAsync(leader, "/plans/ha-tinh-cds", "en");

        var english = await ReadAsync(leader, "/plans/ha-tinh-cds");
        Assert.Contains("10/22/2021", english, StringComparison.Ordinal);
        Assert.DoesNotContain("22/10/2021", english, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiAnswers_AreTheSame_WhateverLanguageThePagesWereSwitchedTo()
    {
        var name = "ngon-ngu-api-" + Guid.NewGuid().ToString("N")[..8];
        await Server.Admin.CreateUserAsync(name, Roles.Admin, Password);
        using var admin = await Session.SignInAsync(Server.BaseUrl, name, Password);
        var before = await admin.Http.GetAsync("/api/v1/units/not-a-unit");
        var beforeText = await before.Content.ReadAsStringAsync();

        using var chosen = await ChooseAsync(admin, "/admin", "en");
        var after = await admin.Http.GetAsync("/api/v1/units/not-a-unit");

        Assert.Equal(before.StatusCode, after.StatusCode);
        Assert.Equal(Normalize(beforeText), Normalize(await after.Content.ReadAsStringAsync()));
    }

    /// <summary>Pages escape letters beyond ASCII; the tests read them as a person does.</summary>
    private static async Task<string> ReadAsync(Session session, string path) => WebUtility.HtmlDecode(await session.Http.GetStringAsync(path));

    /// <summary>Reads the page's language switch (its antiforgery token included) and posts it as its buttons do.</summary>
    private static async Task<HttpResponseMessage> ChooseAsync(Session session, string page, string language, string? returnUrl = null)
    {
        var html = await session.Http.GetStringAsync(page);
        var form = LanguageForm().Match(html).Value;
        Assert.NotEmpty(form);
        var fields = Hidden().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["language"] = language;
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await session.Http.PostAsync("/language", content);
    }

    /// <summary>A problem's trace id differs per request.</summary>
    private static string Normalize(string problem) => TraceId().Replace(problem, "");

    [GeneratedRegex("""<form class="language"[^>]*action="language".*?</form>""", RegexOptions.Singleline)]
    private static partial Regex LanguageForm();

    [GeneratedRegex("<input(?=[^>]*type=\"hidden\")(?=[^>]*name=\"(?<name>[^\"]*)\")(?=[^>]*value=\"(?<value>[^\"]*)\")[^>]*>")]
    private static partial Regex Hidden();

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
