using System.Diagnostics;
using System.Net;
using System.Text;
using Ioc.Server.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Access;

/// <summary>A revoked or expired credential stops working everywhere within seconds, open hub connections included.</summary>
public sealed class RevocationTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private IocServer Server => fixture.Server;

    [Fact]
    public async Task RevokedDisplayToken_DropsTheConnectedScreen_AndRefusesItsCookieAndItsToken()
    {
        var (id, token) = await Server.Admin.CreateDisplayTokenAsync(AccessFixture.Wall, "revoked screen");
        using var screen = await Session.KioskAsync(Server.BaseUrl, token);
        await using var live = await LiveClient.ConnectAsync(Server.BaseUrl, screen.Cookies);
        await live.SubscribeDashboardAsync(AccessFixture.Wall);
        var closed = Closed(live.Connection);

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.DeleteAsync($"/api/v1/admin/display-tokens/{id}")).StatusCode);

        await closed.WaitAsync(Within);
        var dropped = watch.Elapsed;
        using var page = await screen.Http.GetAsync($"/api/v1/dashboards/{AccessFixture.Wall}/data");
        Assert.True(AccessMatrixTests.IsRefusal(page), $"revoked screen still reads: {(int)page.StatusCode}");
        var again = await Session.Anonymous(Server.BaseUrl).Http.PostAsync("/kiosk/session", Json($"{{\"token\":\"{token}\"}}"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.True(dropped < Within, $"dropped after {dropped.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task ExpiredDisplayToken_DropsTheScreen_WhenItsTimeComes()
    {
        var issued = await Server.Get<Credentials>().CreateDisplayTokenAsync("admin", "short-lived", AccessFixture.Wall, TimeSpan.FromSeconds(3));
        using var screen = await Session.KioskAsync(Server.BaseUrl, issued.Secret);
        await using var live = await LiveClient.ConnectAsync(Server.BaseUrl, screen.Cookies);
        await live.SubscribeDashboardAsync(AccessFixture.Wall);

        await Closed(live.Connection).WaitAsync(TimeSpan.FromSeconds(3) + Within);

        using var response = await screen.Http.GetAsync($"/api/v1/dashboards/{AccessFixture.Wall}/data");
        Assert.True(AccessMatrixTests.IsRefusal(response));
    }

    [Fact]
    public async Task DeletedAccount_LosesItsSessionAndItsLiveConnection()
    {
        var password = await Server.Admin.CreateUserAsync("leaving-leader", "leader", "Rời-khỏi-2026-xyz");
        using var session = await Session.SignInAsync(Server.BaseUrl, "leaving-leader", password);
        await using var live = await LiveClient.ConnectAsync(Server.BaseUrl, session.Cookies);
        await live.SubscribeDashboardAsync(AccessFixture.Wall);
        var closed = Closed(live.Connection);

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.DeleteAsync("/api/v1/admin/users/leaving-leader")).StatusCode);

        await closed.WaitAsync(Within);
        using var response = await session.Http.GetAsync("/api/v1/dashboards/");
        Assert.True(AccessMatrixTests.IsRefusal(response));
    }

    [Fact]
    public async Task RoleChange_EndsTheSession_SoTheNewRoleAppliesAtOnce()
    {
        var password = await Server.Admin.CreateUserAsync("demoted-leader", "leader", "Hạ-quyền-2026-xyz");
        using var session = await Session.SignInAsync(Server.BaseUrl, "demoted-leader", password);
        Assert.Equal(HttpStatusCode.OK, (await session.Http.GetAsync($"/api/v1/dashboards/{AccessFixture.LeadersOnly}")).StatusCode);

        using var change = new HttpRequestMessage(HttpMethod.Put, "/api/v1/admin/users/demoted-leader/role") { Content = Json("{\"role\":\"operator\"}") };
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.SendAsync(change)).StatusCode);

        using var response = await session.Http.GetAsync($"/api/v1/dashboards/{AccessFixture.LeadersOnly}");
        Assert.True(AccessMatrixTests.IsRefusal(response));
    }

    [Fact]
    public async Task RevokedApiKey_IsRefusedWithinSeconds()
    {
        var key = await Server.Admin.CreateApiKeyAsync("retired sensor");
        var id = key.Split('_')[2];
        using var sensor = Session.Anonymous(Server.BaseUrl);
        sensor.Http.DefaultRequestHeaders.Authorization = new("Token", key);
        Assert.Equal(HttpStatusCode.NoContent, (await sensor.Http.PostAsync("/api/v1/write?precision=ms", Line())).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.DeleteAsync($"/api/v1/admin/api-keys/{id}")).StatusCode);

        var deadline = DateTime.UtcNow + Within;
        HttpStatusCode status;
        do
        {
            status = (await sensor.Http.PostAsync("/api/v1/write?precision=ms", Line())).StatusCode;
        }
        while (status != HttpStatusCode.Unauthorized && DateTime.UtcNow < deadline && await Delay());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
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

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static StringContent Line() => new($"revocation_probe,unit=HT value=1 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain");
}
