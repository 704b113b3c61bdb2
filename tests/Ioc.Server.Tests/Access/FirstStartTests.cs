using System.Net;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// A first start without a configured password: the one-time password is logged once and must be changed. Then
/// every kind of secret is used, right and wrong, and none of them reaches the log.
/// </summary>
public sealed class FirstStartTests : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("ioc-logs-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Ioc:Access:AdminPassword"] = null,
            ["Ioc:Logging:JsonFile"] = Path.Combine(_logs, "ioc-.json"),
            ["Serilog:MinimumLevel:Default"] = "Debug",
        },
        signIn: false);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task OneTimeAdminPassword_IsLoggedOnce_AndNoOtherSecretEverIs()
    {
        var oneTime = OneTimePasswordFromLog();
        var secrets = new List<string>();

        // The first admin must replace the one-time password before anything else.
        using var admin = await Session.SignInAsync(_server.BaseUrl, "admin", oneTime);
        Assert.EndsWith("/account/password", (await admin.Http.GetAsync("/")).Headers.Location!.ToString(), StringComparison.Ordinal);
        const string adminPassword = "Quản-trị-viên-mới-2026";
        secrets.Add(adminPassword);
        Assert.Equal(HttpStatusCode.Found, (await admin.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Form.Current"] = oneTime,
            ["Form.Next"] = adminPassword,
            ["Form.Confirm"] = adminPassword,
        })).StatusCode);
        using var stale = Session.Anonymous(_server.BaseUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stale.PostSignInAsync("admin", oneTime)).StatusCode);

        // Every kind of secret, used rightly and wrongly.
        using var signedIn = await Session.SignInAsync(_server.BaseUrl, "admin", adminPassword);
        const string leaderPassword = "Lãnh-đạo-tỉnh-2026";
        secrets.Add(leaderPassword);
        await signedIn.CreateUserAsync("province-leader", "leader", leaderPassword);
        using (await Session.SignInAsync(_server.BaseUrl, "province-leader", leaderPassword))
        {
        }

        const string guess = "đoán-mò-mật-khẩu-xyz";
        secrets.Add(guess);
        using var guesser = Session.Anonymous(_server.BaseUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostSignInAsync("province-leader", guess)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostSignInAsync(guess, guess)).StatusCode);

        var oneTimeForOperator = await signedIn.CreateUserAsync("night-operator", "operator");
        secrets.Add(oneTimeForOperator);
        var reset = await signedIn.Http.PostAsync("/api/v1/admin/users/night-operator/password-reset", null);
        secrets.Add(JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement.GetProperty("password").GetString()!);

        var key = await signedIn.CreateApiKeyAsync("telegraf");
        secrets.Add(key);
        using var machine = Session.Anonymous(_server.BaseUrl);
        machine.Http.DefaultRequestHeaders.Authorization = new("Token", key);
        Assert.Equal(HttpStatusCode.NoContent, (await machine.Http.PostAsync("/api/v1/write?precision=ms", new StringContent($"log_probe value=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}"))).StatusCode);
        var forged = key[..^4] + "AAAA";
        secrets.Add(forged);
        machine.Http.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await machine.Http.PostAsync("/api/v1/write", new StringContent("log_probe value=1"))).StatusCode);

        var (tokenId, token) = await signedIn.CreateDisplayTokenAsync();
        secrets.Add(token);
        using (var screen = await Session.KioskAsync(_server.BaseUrl, token))
        {
            await using var live = await LiveClient.ConnectAsync(_server.BaseUrl, screen.Cookies);
            await live.SubscribeDashboardAsync("operations-wall");
        }

        await signedIn.Http.DeleteAsync($"/api/v1/admin/display-tokens/{tokenId}");
        await Session.Anonymous(_server.BaseUrl).Http.PostAsync("/kiosk/session", new StringContent($"{{\"token\":\"{token}\"}}", System.Text.Encoding.UTF8, "application/json"));

        var log = ReadLog();
        Assert.Equal(1, Occurrences(log, oneTime));
        foreach (var secret in secrets)
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"a secret ({secret[..4]}…) reached the log");
            var tail = secret[^Math.Min(secret.Length, 16)..];
            Assert.False(log.Contains(tail, StringComparison.Ordinal), $"part of a secret ({secret[..4]}…) reached the log");
        }

        var actions = System.Text.RegularExpressions.Regex.Matches(log, "\"Action\":\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("display-token.revoked", actions);
    }

    private string OneTimePasswordFromLog()
    {
        foreach (var line in ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var entry = JsonDocument.Parse(line);
            if (entry.RootElement.TryGetProperty("OneTimePassword", out var password))
            {
                return password.GetString()!;
            }
        }

        throw new InvalidOperationException("no one-time password was logged at the first start");
    }

    private string ReadLog() => string.Concat(Directory.GetFiles(_logs).Order().Select(f =>
    {
        using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }));

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
