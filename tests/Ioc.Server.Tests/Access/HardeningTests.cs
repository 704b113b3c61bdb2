using System.Net;
using System.Net.Http.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>Redirects, cross-site writes, mixed cookies and security headers.</summary>
public sealed class HardeningTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private IocServer Server => fixture.Server;

    [Theory]
    [InlineData("/https://evil.example/phish", "/https://evil.example/phish")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    [InlineData("/d/operations-wall", "/d/operations-wall")]
    public async Task SignIn_RedirectsOnlyWithinTheSite(string returnUrl, string expected)
    {
        using var person = Session.Anonymous(Server.BaseUrl);

        var response = await person.PostFormAsync($"/login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Form.UserName"] = "admin",
            ["Form.Password"] = Session.AdminPassword,
        });

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        var location = response.Headers.Location!;
        var path = location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString;
        Assert.True(!location.IsAbsoluteUri || location.Host == "127.0.0.1", $"sent to {location}");
        Assert.Equal(expected, Uri.UnescapeDataString(path));
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task AdminWrite_FromAnotherSite_IsRefused_AndChangesNothing(string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/users")
        {
            Content = JsonContent.Create(new { name = "csrf-victim", role = "admin", password = "Bị-giả-mạo-2026" }),
        };
        request.Headers.Add(header, value);

        var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("csrf-victim", await Server.Http.GetStringAsync("/api/v1/admin/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminWrite_FromThisSite_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin/users/admin/unlock");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        request.Headers.Add("Origin", Server.BaseUrl);

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task KioskInASignedInBrowser_IsRefusedNamingThePerson_UntilReplacingIsAsked()
    {
        using var browser = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        var (_, token) = await Server.Admin.CreateDisplayTokenAsync(AccessFixture.Wall, "tried on a laptop");

        using var asked = await browser.Http.PostAsJsonAsync("/kiosk/session", new { token });

        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        var conflict = await asked.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("admin", conflict.GetProperty("signedInAs").GetString());
        Assert.Equal(AccessFixture.Wall, conflict.GetProperty("dashboardId").GetString());
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    [Fact]
    public async Task KioskInASignedInBrowser_EndsThePersonsSession_WhenReplacingIsAsked()
    {
        using var browser = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var copied = browser.Copy();
        var (_, token) = await Server.Admin.CreateDisplayTokenAsync(AccessFixture.Wall, "tried on a laptop");

        Assert.Equal(HttpStatusCode.OK, (await browser.Http.PostAsJsonAsync("/kiosk/session", new { token, replace = true })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync($"/d/{AccessFixture.Wall}")).StatusCode);
        Assert.True(AccessMatrixTests.IsRefusal(await browser.Http.GetAsync("/api/v1/admin/users")));
        Assert.True(AccessMatrixTests.IsRefusal(await browser.Http.GetAsync($"/d/{AccessFixture.LeadersOnly}")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await copied.Http.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/d/operations-wall")]
    [InlineData("/api/v1/dashboards/")]
    public async Task Answers_CarryTheSecurityHeaders(string path)
    {
        var response = await Server.Http.GetAsync(path);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
