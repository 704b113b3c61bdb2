using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// Wrong passwords slow down the address that gives them, for the name it tries, and nobody else: a guesser
/// cannot keep an account's owner out. The server trusts 127.0.0.1 as its proxy, so each client says which
/// address it comes from in X-Forwarded-For, as clients behind a real proxy would.
/// </summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private const string Guesser = "203.0.113.7";
    private const string Owner = "198.51.100.20";

    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Proxy:KnownProxies:0"] = "127.0.0.1",
        ["Ioc:Access:LockoutThreshold"] = "3",
        ["Ioc:Access:LockoutFirstDelay"] = "00:00:03",
        ["Ioc:Access:LockoutDuration"] = "00:10:00",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ANameWithNoAccount_IsCountedUnderADigest_SoAPasswordTypedAsTheNameIsKeptNowhere()
    {
        const string typedAsName = "mật-khẩu-gõ-nhầm-2026";
        using var guesser = From("203.0.113.99");

        Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.PostSignInAsync(typedAsName, "anything")).StatusCode);

        var store = _server.Get<Ioc.Core.Access.IAccessStore>();
        Assert.Null(await store.FindSignInFailuresAsync(typedAsName, "203.0.113.99"));
        Assert.NotNull(await store.FindSignInFailuresAsync(Ioc.Server.Access.SignInThrottle.UnknownAccount(typedAsName), "203.0.113.99"));
    }

    [Fact]
    public async Task AdminSignsIn_FromAnotherAddress_WhileOneAddressPostsWrongPasswordsEverySecond()
    {
        using var guesser = From(Guesser);
        var first = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            first.Add((await guesser.PostSignInAsync("admin", $"guess-{i}")).StatusCode);
        }

        // Right after the third wrong password, that address waits, even with the right password.
        var rightButWaiting = await guesser.PostSignInAsync("admin", Session.AdminPassword);
        var attack = Task.Run(async () =>
        {
            var answers = new List<(HttpStatusCode Status, TimeSpan? RetryAfter)>();
            for (var i = 0; i < 9; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                using var answer = await guesser.PostSignInAsync("admin", $"guess-again-{i}");
                answers.Add((answer.StatusCode, answer.Headers.RetryAfter?.Delta));
            }

            return answers;
        });

        var owner = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            using var person = From(Owner);
            owner.Add((await person.PostSignInAsync("admin", Session.AdminPassword)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await person.Http.GetAsync("/admin/users")).StatusCode);
        }

        var attacked = await attack;
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], first);
        Assert.Equal(HttpStatusCode.TooManyRequests, rightButWaiting.StatusCode);
        Assert.InRange(rightButWaiting.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        Assert.Equal([HttpStatusCode.Found, HttpStatusCode.Found, HttpStatusCode.Found], owner);
        Assert.Contains(attacked, a => a.Status == HttpStatusCode.Unauthorized);
        Assert.All(attacked.Where(a => a.Status == HttpStatusCode.TooManyRequests), a => Assert.NotNull(a.RetryAfter));

        // The wait grew: after the fourth wrong password it is twice the first.
        Assert.Contains(attacked, a => a.RetryAfter > TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task WaitingAnswer_IsTheSame_ForANameThatDoesNotExist()
    {
        using var guesser = From(Guesser);
        for (var i = 0; i < 3; i++)
        {
            await guesser.PostSignInAsync("admin", $"guess-{i}");
            await guesser.PostSignInAsync("no-such-person", $"guess-{i}");
        }

        using var known = await guesser.PostSignInAsync("admin", "guess-4");
        using var unknown = await guesser.PostSignInAsync("no-such-person", "guess-4");

        Assert.Equal((HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests), (known.StatusCode, unknown.StatusCode));
        Assert.NotNull(known.Headers.RetryAfter);
        Assert.NotNull(unknown.Headers.RetryAfter);
        Assert.Equal(Error(await known.Content.ReadAsStringAsync()), Error(await unknown.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AdminUnlock_LiftsTheWait_AndTheStartOfTheWaitIsAudited()
    {
        var password = await _server.Admin.CreateUserAsync("target-leader", "leader", "Đúng-mật-khẩu-2026");
        using var guesser = From(Guesser);
        for (var i = 0; i < 3; i++)
        {
            await guesser.PostSignInAsync("target-leader", $"guess-{i}");
        }

        var listed = await _server.Http.GetStringAsync("/api/v1/admin/users");
        Assert.Contains("\"name\":\"target-leader\",\"role\":\"leader\",\"mustChangePassword\":false,\"locked\":true", listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostSignInAsync("target-leader", password)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _server.Http.PostAsync("/api/v1/admin/users/target-leader/unlock", null)).StatusCode);

        Assert.Contains("\"name\":\"target-leader\",\"role\":\"leader\",\"mustChangePassword\":false,\"locked\":false", await _server.Http.GetStringAsync("/api/v1/admin/users"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Found, (await guesser.PostSignInAsync("target-leader", password)).StatusCode);
        var audit = await _server.Http.GetStringAsync("/api/v1/admin/audit");
        Assert.Contains($"\"actor\":\"system\",\"action\":\"account.throttled\",\"target\":\"target-leader\"", audit, StringComparison.Ordinal);
        Assert.Contains($"\"actor\":\"admin\",\"action\":\"user.unlocked\",\"target\":\"target-leader\"", audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCurrentPasswords_OnThePasswordPage_SlowSignInFromThatAddressOnly()
    {
        var password = await _server.Admin.CreateUserAsync("lan", "operator", "Mật-khẩu-của-Lan-2026");
        using var stolen = From(Guesser);
        Assert.Equal(HttpStatusCode.Found, (await stolen.PostSignInAsync("lan", password)).StatusCode);

        for (var i = 0; i < 3; i++)
        {
            var changed = await stolen.PostFormAsync("/account/password", new Dictionary<string, string>
            {
                ["Form.Current"] = $"guess-{i}",
                ["Form.Next"] = "Mật-khẩu-mới-2026",
                ["Form.Confirm"] = "Mật-khẩu-mới-2026",
            });
            Assert.Equal(HttpStatusCode.BadRequest, changed.StatusCode);
        }

        using var again = From(Guesser);
        using var owner = From(Owner);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await again.PostSignInAsync("lan", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await owner.PostSignInAsync("lan", password)).StatusCode);
    }

    private Session From(string address)
    {
        var session = Session.Anonymous(_server.BaseUrl);
        session.Http.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return session;
    }

    private static string Error(string html) => System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\"[^>]*>(.*?)</p>").Groups[1].Value;
}
