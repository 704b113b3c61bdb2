using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Live;

/// <summary>
/// Another site's page cannot open the live hub with a signed-in person's cookies: the WebSocket upgrade and
/// long-polling GETs are refused cross-origin like every write, while the wall's own page connects as before.
/// </summary>
public sealed class HubOriginTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private IocServer Server => fixture.Server;

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    [InlineData("Sec-Fetch-Site", "same-site")]
    public async Task WebSocketUpgrade_FromAnotherOrigin_Gets403(string header, string value)
    {
        var status = await UpgradeAsync(header, value);

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    [Fact]
    public async Task WebSocketUpgrade_FromThisOrigin_Connects()
    {
        var status = await UpgradeAsync("Origin", Server.BaseUrl);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
    }

    [Theory]
    [InlineData("Origin", "https://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task LongPollingGet_FromAnotherOrigin_Gets403(string header, string value)
    {
        var id = await NegotiateAsync();
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/hubs/live?id={id}");
        poll.Headers.Add(header, value);

        var response = await Server.Http.SendAsync(poll);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task<string> NegotiateAsync()
    {
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/live/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", Server.BaseUrl);
        var response = await Server.Http.SendAsync(negotiate);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("connectionToken").GetString()!;
    }

    private async Task<HttpStatusCode> UpgradeAsync(string header, string value)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.Cookies = Server.Cookies;
        socket.Options.SetRequestHeader(header, value);
        var uri = new Uri(Server.BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/live");
        try
        {
            await socket.ConnectAsync(uri, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }

        return socket.HttpStatusCode;
    }
}
