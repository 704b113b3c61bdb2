using System.Diagnostics;
using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>Sign-in through the page, and answers that do not tell which part was wrong (throttling: <see cref="SignInThrottleTests"/>).</summary>
public sealed class SignInTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(new Dictionary<string, string?>
    {
        // The timing test must reach the hash every time; waits after wrong passwords have tests of their own.
        ["Ioc:Access:LockoutThreshold"] = "100",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WrongUserAndWrongPassword_GetTheSameAnswer_InTheSameTime()
    {
        await _server.Admin.CreateUserAsync("timed-operator", "operator", "Thời-gian-2026-abc");
        using var client = Session.Anonymous(_server.BaseUrl);
        var unknownUser = new List<double>();
        var wrongPassword = new List<double>();
        string? unknownBody = null, wrongBody = null;

        // Alternate, so drift in the machine's load hits both alike.
        for (var i = 0; i < 12; i++)
        {
            (var ms, unknownBody) = await TimedAsync(client, "no-such-person", "whatever-2026");
            unknownUser.Add(ms);
            (ms, wrongBody) = await TimedAsync(client, "timed-operator", "whatever-2026");
            wrongPassword.Add(ms);
        }

        Assert.Equal(Error(unknownBody!), Error(wrongBody!));
        var ratio = Median(wrongPassword) / Median(unknownUser);
        Assert.InRange(ratio, 0.67, 1.5);
    }

    [Fact]
    public async Task OneTimePassword_OpensOnlyThePasswordPage_UntilChanged()
    {
        var oneTime = await _server.Admin.CreateUserAsync("new-operator", "operator");
        using var person = await Session.SignInAsync(_server.BaseUrl, "new-operator", oneTime);

        var wall = await person.Http.GetAsync("/d/operations-wall");
        Assert.Equal(HttpStatusCode.Found, wall.StatusCode);
        Assert.EndsWith("/account/password", wall.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await person.Http.GetAsync("/api/v1/dashboards/")).StatusCode);

        var changed = await person.PostFormAsync("/account/password", new Dictionary<string, string>
        {
            ["Form.Current"] = oneTime,
            ["Form.Next"] = "Mật-khẩu-riêng-2026",
            ["Form.Confirm"] = "Mật-khẩu-riêng-2026",
        });
        Assert.Equal(HttpStatusCode.Found, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await person.Http.GetAsync("/d/operations-wall")).StatusCode);
        using var again = Session.Anonymous(_server.BaseUrl);
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.PostSignInAsync("new-operator", oneTime)).StatusCode);
    }

    [Fact]
    public async Task SignInWithoutTheAntiforgeryToken_IsRefused()
    {
        using var client = Session.Anonymous(_server.BaseUrl);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Form.UserName"] = "admin",
            ["Form.Password"] = Session.AdminPassword,
        });

        var response = await client.Http.PostAsync("/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(client.Cookies.GetAllCookies(), c => c.Name == "ioc.session");
    }

    private static async Task<(double Ms, string Body)> TimedAsync(Session client, string user, string password)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.PostSignInAsync(user, password);
        var ms = watch.Elapsed.TotalMilliseconds;
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return (ms, await response.Content.ReadAsStringAsync());
    }

    private static string Error(string html) => System.Text.RegularExpressions.Regex.Match(html, "<p class=\"error\"[^>]*>(.*?)</p>").Groups[1].Value;

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
