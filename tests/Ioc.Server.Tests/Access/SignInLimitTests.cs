using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>One address may try only so many sign-ins a minute, whichever accounts it tries.</summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync(new Dictionary<string, string?>
    {
        ["Ioc:Access:SignInAttemptsPerMinute"] = "6",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SignIns_Get429WithRetryAfter_OnceAnAddressExceedsItsLimit()
    {
        // The fixture's own admin sign-in used one attempt.
        using var client = Session.Anonymous(_server.BaseUrl);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostSignInAsync($"user-{i}", "wrong-password")).StatusCode);
        }

        var limited = await client.PostSignInAsync("admin", Session.AdminPassword);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        Assert.DoesNotContain(client.Cookies.GetAllCookies(), c => c.Name == "ioc.session");
    }
}
