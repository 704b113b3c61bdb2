using System.Net;
using Ioc.Core.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// Signing out ends that one session on the server: a copy of its cookie stops working at once and its live
/// connections drop, while the same person's other sessions go on.
/// </summary>
public sealed class SignOutTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task SignOut_RefusesACopyOfThatSessionsCookie_AndTheSameUsersOtherSessionStays()
    {
        using var laptop = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var desktop = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var copied = laptop.Copy();
        Assert.Equal(HttpStatusCode.OK, (await copied.Http.GetAsync("/api/v1/admin/users")).StatusCode);

        using var signedOut = await laptop.SignOutAsync();

        Assert.Equal(HttpStatusCode.Found, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copied.Http.GetAsync("/api/v1/admin/users")).StatusCode);
        using var page = await copied.Http.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.Found, page.StatusCode);
        Assert.Equal("/login", new Uri(new Uri(Server.BaseUrl), page.Headers.Location!).AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await desktop.Http.GetAsync("/api/v1/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desktop.Http.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task SignOut_DropsThatSessionsLiveConnection_AndLeavesTheOtherSessionsConnection()
    {
        using var leaving = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var staying = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        using var copied = leaving.Copy();
        await using var leavingLive = await LiveClient.ConnectAsync(Server.BaseUrl, copied.Cookies);
        await using var stayingLive = await LiveClient.ConnectAsync(Server.BaseUrl, staying.Cookies);
        await leavingLive.SubscribeDashboardAsync(AccessFixture.Wall);
        await stayingLive.SubscribeDashboardAsync(AccessFixture.Wall);
        var closed = Closed(leavingLive.Connection);

        using var signedOut = await leaving.SignOutAsync();

        await closed.WaitAsync(Within);
        await Task.Delay(TimeSpan.FromSeconds(3)); // past another check of the open connections
        Assert.Equal(HubConnectionState.Connected, stayingLive.Connection.State);
    }

    [Fact]
    public async Task SignOut_EndsTheSessionInTheConfigurationStore()
    {
        using var session = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        var id = SessionIds.Of(Server, session);
        Assert.Null((await Server.Get<ISessionStore>().FindSessionAsync(id))!.EndedAt);

        using var signedOut = await session.SignOutAsync();

        var stored = await Server.Get<ISessionStore>().FindSessionAsync(id);
        Assert.NotNull(stored!.EndedAt);
        Assert.Equal("admin", stored.UserName);
    }

    private static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }
}
