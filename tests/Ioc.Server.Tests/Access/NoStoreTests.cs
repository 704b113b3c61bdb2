using System.Net.Http.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>Answers that may carry a secret shown once are never kept by a browser or proxy cache.</summary>
public sealed class NoStoreTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task AdminApiAnswersCarryingSecrets_AreMarkedNoStore()
    {
        var name = "no-store-" + Guid.NewGuid().ToString("N")[..8];
        using var key = await Server.Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, measurementPrefixes = new[] { "" } });
        using var token = await Server.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name, dashboardId = AccessFixture.Wall, days = 1 });
        using var user = await Server.Http.PostAsJsonAsync("/api/v1/admin/users", new { name, role = "operator" });
        using var reset = await Server.Http.PostAsync($"/api/v1/admin/users/{name}/password-reset", null);

        foreach (var answer in new[] { key, token, user, reset })
        {
            Assert.True(answer.IsSuccessStatusCode, $"{answer.RequestMessage!.RequestUri} answered {(int)answer.StatusCode}");
            Assert.True(answer.Headers.CacheControl?.NoStore, $"{answer.RequestMessage!.RequestUri} lacks Cache-Control: no-store");
        }
    }

    [Fact]
    public async Task AdminPagesThatShowSecrets_AreMarkedNoStore()
    {
        using var created = await Server.Admin.PostFormAsync(
            "/admin/api-keys", new Dictionary<string, string> { ["Create.Name"] = "no-store page", ["Create.Prefixes"] = "" }, "create-api-key");
        Assert.Contains("ioc_k_", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(created.Headers.CacheControl?.NoStore);

        foreach (var path in new[] { "/admin", "/admin/users", "/admin/display-tokens", "/admin/api-keys", "/admin/audit" })
        {
            using var page = await Server.Admin.Http.GetAsync(path);
            Assert.True(page.Headers.CacheControl?.NoStore, $"{path} lacks Cache-Control: no-store");
        }
    }

    [Fact]
    public async Task KioskTokenExchange_IsMarkedNoStore()
    {
        var (_, token) = await Server.Admin.CreateDisplayTokenAsync(AccessFixture.Wall, "no-store screen");
        using var screen = Session.Anonymous(Server.BaseUrl);

        using var answer = await screen.Http.PostAsJsonAsync("/kiosk/session", new { token });

        Assert.True(answer.IsSuccessStatusCode);
        Assert.True(answer.Headers.CacheControl?.NoStore);
    }
}
