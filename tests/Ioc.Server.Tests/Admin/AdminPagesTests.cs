using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Ioc.Core.Access;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Admin;

public sealed class AdminPagesFixture : IAsyncLifetime
{
    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>The admin pages driven as a browser would: read the page, post its form with the antiforgery token.</summary>
public sealed partial class AdminPagesTests(AdminPagesFixture fixture) : IClassFixture<AdminPagesFixture>
{
    private const string Password = "Mật-khẩu-thử-2026";

    private static readonly string[] AdminPages = ["/admin", "/admin/users", "/admin/display-tokens", "/admin/api-keys", "/admin/secrets", "/admin/audit"];

    private IocServer Server => fixture.Server;

    private Session Admin => Server.Admin;

    [Fact]
    public async Task CreatingAUserWithoutPassword_ShowsAOneTimePasswordOnce_ThatSignsInToThePasswordPage()
    {
        var name = Unique("lanh-dao");

        using var created = await Admin.PostFormAsync("/admin/users", new Dictionary<string, string> { ["Create.Name"] = name, ["Create.Role"] = Roles.Leader }, "create-user");

        var page = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var oneTime = OneTimePassword().Match(page).Groups["password"].Value;
        Assert.NotEmpty(oneTime);
        Assert.DoesNotContain(oneTime, await Admin.Http.GetStringAsync("/admin/users"), StringComparison.Ordinal);
        using var leader = Session.Anonymous(Server.BaseUrl);
        using var signIn = await leader.PostSignInAsync(name, oneTime);
        Assert.Equal(HttpStatusCode.Found, signIn.StatusCode);
        Assert.Equal("/account/password", new Uri(new Uri(Server.BaseUrl), signIn.Headers.Location!).AbsolutePath);
    }

    [Fact]
    public async Task ChangingARoleOnThePage_ChangesTheAccount()
    {
        var name = Unique("van-hanh");
        await Admin.CreateUserAsync(name, Roles.Operator, Password);

        using var response = await Admin.PostFormAsync("/admin/users", new Dictionary<string, string> { ["Change.Role"] = Roles.Leader }, "role-" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Roles.Leader, (await Server.Get<IAccessStore>().FindUserAsync(name))!.Role);
    }

    [Fact]
    public async Task DisplayTokenCreatedOnThePage_OpensAKiosk_UntilRevokedOnThePage()
    {
        using var created = await Admin.PostFormAsync(
            "/admin/display-tokens",
            new Dictionary<string, string> { ["Create.Name"] = "Màn hình thử", ["Create.DashboardId"] = "operations-wall", ["Create.Days"] = "30" },
            "create-display-token");

        var page = await created.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var secret = DisplayToken().Match(page).Value;
        Assert.Contains($"{Server.BaseUrl}/kiosk#{secret}", page, StringComparison.Ordinal);
        (await Session.KioskAsync(Server.BaseUrl, secret)).Dispose();
        Assert.DoesNotContain(secret, await Admin.Http.GetStringAsync("/admin/display-tokens"), StringComparison.Ordinal);

        using var revoked = await Admin.PostFormAsync("/admin/display-tokens", new Dictionary<string, string>(), "revoke-" + IdOf(secret));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Session.KioskAsync(Server.BaseUrl, secret));
    }

    [Fact]
    public async Task ApiKeyCreatedOnThePage_Writes_UntilRevokedOnThePage()
    {
        using var created = await Admin.PostFormAsync("/admin/api-keys", new Dictionary<string, string> { ["Create.Name"] = "Telegraf thử", ["Create.Prefixes"] = "" }, "create-api-key");

        var page = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var key = ApiKey().Match(page).Value;
        Assert.Contains("Authorization: Token " + key, page, StringComparison.Ordinal);
        Assert.Contains($"token = \"{key}\"", page, StringComparison.Ordinal);
        Assert.Contains("(mọi measurement)", WebUtility.HtmlDecode(await Admin.Http.GetStringAsync("/admin/api-keys")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, await WriteAsync(key));

        using var revoked = await Admin.PostFormAsync("/admin/api-keys", new Dictionary<string, string>(), "revoke-" + IdOf(key));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(3);
        var status = await WriteAsync(key);
        while (status != HttpStatusCode.Unauthorized && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
            status = await WriteAsync(key);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task PostWithoutAntiforgeryToken_IsRefused_AndCreatesNobody()
    {
        var name = Unique("khong-token");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "create-user", ["Create.Name"] = name, ["Create.Role"] = Roles.Admin });

        using var response = await Admin.Http.PostAsync("/admin/users", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await Server.Get<IAccessStore>().FindUserAsync(name));
    }

    [Fact]
    public async Task LeadersAndOperators_AreDeniedEveryAdminPage()
    {
        foreach (var role in new[] { Roles.Leader, Roles.Operator })
        {
            var name = Unique(role);
            await Admin.CreateUserAsync(name, role, Password);
            using var person = await Session.SignInAsync(Server.BaseUrl, name, Password);
            foreach (var path in AdminPages)
            {
                using var response = await person.Http.GetAsync(path);

                var denied = response.StatusCode == HttpStatusCode.Forbidden
                    || (response.StatusCode == HttpStatusCode.Found && response.Headers.Location!.ToString().Contains("/denied", StringComparison.Ordinal));
                Assert.True(denied, $"{role} on {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task AnonymousVisitor_IsSentToSignInFromEveryAdminPage()
    {
        using var anonymous = Session.Anonymous(Server.BaseUrl);
        foreach (var path in AdminPages)
        {
            using var response = await anonymous.Http.GetAsync(path);

            Assert.Equal(HttpStatusCode.Found, response.StatusCode);
            Assert.Equal("/login", new Uri(new Uri(Server.BaseUrl), response.Headers.Location!).AbsolutePath);
        }
    }

    [Fact]
    public async Task DeletingTheOnlyAdmin_IsRefused_WithTheReasonShown()
    {
        using var response = await Admin.PostFormAsync("/admin/users", new Dictionary<string, string>(), "delete-admin");

        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Matches("class=\"error\"[^>]*>[^<]*cannot remove your own admin rights", page);
        Assert.Equal(Roles.Admin, (await Server.Get<IAccessStore>().FindUserAsync("admin"))!.Role);
    }

    [Fact]
    public async Task AuditPage_ListsTheActionsJustDone_AndFiltersByActor()
    {
        var name = Unique("nhat-ky");
        using var created = await Admin.PostFormAsync("/admin/users", new Dictionary<string, string> { ["Create.Name"] = name, ["Create.Role"] = Roles.Operator, ["Create.Password"] = Password }, "create-user");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var deleted = await Admin.PostFormAsync("/admin/users", new Dictionary<string, string>(), "delete-" + name);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);

        var byAdmin = await Admin.Http.GetStringAsync($"/admin/audit?actor=admin&since={DateTime.UtcNow:yyyy-MM-dd}&limit=50");
        var bySomeoneElse = await Admin.Http.GetStringAsync("/admin/audit?actor=nobody");

        Assert.Matches($"user\\.created</code></td>\\s*<td>{Regex.Escape(name)}</td>", byAdmin);
        Assert.Matches($"user\\.deleted</code></td>\\s*<td>{Regex.Escape(name)}</td>", byAdmin);
        Assert.DoesNotContain(name, bySomeoneElse, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_CountsUsersAndLinksEveryAdminPage()
    {
        var users = await Server.Get<IAccessStore>().CountUsersAsync();

        var page = WebUtility.HtmlDecode(await Admin.Http.GetStringAsync("/admin"));

        Assert.Contains($"{users} tài khoản", page, StringComparison.Ordinal);
        Assert.All(AdminPages.Skip(1), path => Assert.Contains($"href=\"{path.TrimStart('/')}\"", page, StringComparison.Ordinal));
    }

    private async Task<HttpStatusCode> WriteAsync(string key)
    {
        using var machine = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        machine.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", key);
        using var body = new StringContent($"admin_pages_probe value=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain");
        using var response = await machine.PostAsync("/api/v1/write?precision=ms", body);
        return response.StatusCode;
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];

    /// <summary>The record id inside <c>ioc_d_&lt;id&gt;_&lt;secret&gt;</c> or <c>ioc_k_…</c>.</summary>
    private static string IdOf(string secret) => secret.Substring(6, 12);

    [GeneratedRegex("<p class=\"secret\" id=\"one-time-password\">(?<password>[^<]+)</p>")]
    private static partial Regex OneTimePassword();

    [GeneratedRegex("ioc_d_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex DisplayToken();

    [GeneratedRegex("ioc_k_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial Regex ApiKey();
}
