using System.Net;
using Ioc.Core.Access;
using Ioc.Server.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Access;

public sealed class SessionLifetimeFixture : IAsyncLifetime
{
    public AdjustableClock Clock { get; } = new();

    public IocServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await IocServer.StartAsync(
        new Dictionary<string, string?>
        {
            ["Ioc:Access:SessionLifetime"] = "12:00:00",
            ["Ioc:Access:SessionAbsoluteLifetime"] = "1.00:00:00",
            ["Ioc:Access:RevocationCheckInterval"] = "00:00:00.500",
        },
        services => services.AddSingleton<TimeProvider>(Clock));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// A session ends a day after sign-in however busy it is (the idle limit alone would keep a busy one forever), and
/// its live connection ends with it. The server's clock is moved forward; the tests of this class run in turn.
/// </summary>
public sealed class SessionLifetimeTests(SessionLifetimeFixture fixture) : IClassFixture<SessionLifetimeFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task BusySession_EndsAtItsAbsoluteLifetime()
    {
        using var session = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);

        // Used every 7 hours, so never idle for the 12-hour limit.
        for (var hours = 7; hours <= 21; hours += 7)
        {
            fixture.Clock.Advance(TimeSpan.FromHours(7));
            Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync("/api/v1/admin/users")).StatusCode);
        }

        fixture.Clock.Advance(TimeSpan.FromHours(4));

        Assert.Equal(HttpStatusCode.Unauthorized, (await session.Http.GetAsync("/api/v1/admin/users")).StatusCode);
        using var again = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Pruning_DeletesEndedAndExpiredSessions_AndKeepsOpenOnes()
    {
        using var ended = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var open = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        var (endedId, openId) = (SessionIds.Of(Server, ended), SessionIds.Of(Server, open));
        var store = Server.Get<ISessionStore>();
        using (await ended.SignOutAsync())
        {
        }

        await Server.Get<SessionRegistry>().PruneAsync(CancellationToken.None);

        Assert.Null(await store.FindSessionAsync(endedId));
        Assert.NotNull(await store.FindSessionAsync(openId));

        fixture.Clock.Advance(TimeSpan.FromDays(1.1));
        await Server.Get<SessionRegistry>().PruneAsync(CancellationToken.None);

        Assert.Null(await store.FindSessionAsync(openId));
    }

    [Fact]
    public async Task LiveConnection_Drops_WhenItsSessionReachesItsAbsoluteLifetime()
    {
        using var session = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        await using var live = await LiveClient.ConnectAsync(Server.BaseUrl, session.Cookies);
        await live.SubscribeDashboardAsync("operations-wall");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        live.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        fixture.Clock.Advance(TimeSpan.FromHours(11));
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // three checks of the open connections
        Assert.Equal(HubConnectionState.Connected, live.Connection.State);

        fixture.Clock.Advance(TimeSpan.FromHours(14));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
