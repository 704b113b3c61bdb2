using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Server.Features.Screens;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Features.Screens;

/// <summary>Heartbeats over the live hub: who may send them, what they must hold, and what the answer tells a page.</summary>
public sealed class ScreenHeartbeatTests : IAsyncLifetime
{
    private string _dashboards = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-heartbeat-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "screen-check.json"), """
            {
              "apiVersion": "ioc/v1", "id": "screen-check", "title": "Kiểm tra màn hình",
              "panels": [
                { "id": "probe", "type": "stat", "title": "Thanh toán trực tuyến", "width": 3,
                  "series": [ { "measurement": "heartbeat_probe", "field": "value", "label": "Thanh toán" } ] }
              ]
            }
            """);
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:DashboardsPath"] = _dashboards,
            ["Ioc:Screens:StaleAfter"] = "00:00:05",
            ["Ioc:Screens:MaxScreensPerToken"] = "2",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    private static ScreenHeartbeat Beat(string id, double? sinceUpdate = 1, string? appVersion = null, string? revision = null) =>
        new(id, "screen-check", null, appVersion, revision, 12, 30_000_000, 4_000_000_000, sinceUpdate, 3840, 2160, 1);

    private async Task<(LiveClient Client, Session Kiosk)> ScreenAsync(string secret)
    {
        var kiosk = await Session.KioskAsync(_server.BaseUrl, secret);
        return (await LiveClient.ConnectAsync(_server.BaseUrl, kiosk.Cookies), kiosk);
    }

    [Fact]
    public async Task Heartbeat_IsRefused_FromAPersonsBrowser()
    {
        await using var admin = await LiveClient.ConnectAsync(_server);
        var refused = await Assert.ThrowsAsync<HubException>(() => admin.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("person-browser-1")));
        Assert.Contains("display token", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Heartbeat_RefusesAMalformedScreenId_NamingTheField()
    {
        var (_, secret) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "malformed");
        var (client, kiosk) = await ScreenAsync(secret);
        await using (client)
        using (kiosk)
        {
            var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("<script>")));
            Assert.Contains("screenId", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Answer_TellsAPage_ThatFirstHeardAnotherVersionOrRevision_ToReload()
    {
        var (_, secret) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "upgrade");
        var (client, kiosk) = await ScreenAsync(secret);
        await using (client)
        using (kiosk)
        {
            var first = await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("upgrade-screen-1"));
            Assert.Null(first.Reload);
            Assert.Equal(ScreenBuild.AppVersion, first.AppVersion);
            Assert.Equal(30, first.IntervalSeconds);
            Assert.Equal(512L * 1024 * 1024, first.HeapLimitBytes);

            Assert.Null((await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("upgrade-screen-1", appVersion: first.AppVersion, revision: first.Revision))).Reload);
            Assert.Equal("upgrade", (await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("upgrade-screen-1", appVersion: "0.9.0", revision: first.Revision))).Reload);
            Assert.Equal("dashboards-changed", (await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("upgrade-screen-1", appVersion: first.AppVersion, revision: "0000"))).Reload);
        }
    }

    [Fact]
    public async Task Screen_IsStale_WhileItsSourceDelivers_ButItsPageReceivesNothing()
    {
        var (_, secret) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "stale check");
        using var body = new StringContent($"heartbeat_probe value=57600 {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8);
        (await _server.Http.PostAsync("/api/v1/write?precision=ms", body)).EnsureSuccessStatusCode();
        await WaitAsync(async () => (await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/screen-check/sources"))
            .GetProperty("panels").GetProperty("probe").GetArrayLength() > 0);

        var (frozen, kiosk) = await ScreenAsync(secret);
        await using (frozen)
        using (kiosk)
        {
            await frozen.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("frozen-screen-1", sinceUpdate: 600));
            Assert.Equal("stale", await StateAsync("frozen-screen-1"));
        }

        // A page that receives again is fine (a new connection: one connection is heard at most twice an interval).
        var (recovered, again) = await ScreenAsync(secret);
        await using (recovered)
        using (again)
        {
            await recovered.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("frozen-screen-1", sinceUpdate: 0));
            Assert.Equal("ok", await StateAsync("frozen-screen-1"));
        }
    }

    [Fact]
    public async Task OneToken_RunsAtMostTheConfiguredNumberOfScreens_AndForgettingOneMakesRoom()
    {
        var (_, secret) = await _server.Admin.CreateDisplayTokenAsync("screen-check", "leaked");
        var (client, kiosk) = await ScreenAsync(secret);
        await using (client)
        using (kiosk)
        {
            await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("leaked-screen-1"));
            await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("leaked-screen-2"));
            var refused = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("leaked-screen-3")));
            Assert.Contains("Ioc:Screens:MaxScreensPerToken", refused.Message, StringComparison.Ordinal);

            Assert.Equal(System.Net.HttpStatusCode.NoContent, (await _server.Http.DeleteAsync("/api/v1/admin/screens/leaked-screen-1")).StatusCode);
            Assert.Null((await client.Connection.InvokeAsync<HeartbeatAnswer>("Heartbeat", Beat("leaked-screen-3"))).Reload);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await _server.Http.DeleteAsync("/api/v1/admin/screens/leaked-screen-1")).StatusCode);
        }
    }

    private async Task<string?> StateAsync(string id)
    {
        var body = await _server.Http.GetFromJsonAsync<JsonElement>("/api/v1/admin/screens");
        return body.GetProperty("screens").EnumerateArray().Single(s => s.GetProperty("id").GetString() == id).GetProperty("state").GetString();
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 15 s");
            await Task.Delay(100);
        }
    }
}
