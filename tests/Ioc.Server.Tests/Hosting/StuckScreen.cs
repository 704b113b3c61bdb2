using System.Net.WebSockets;
using System.Text;

namespace Ioc.Server.Tests.Hosting;

/// <summary>
/// A wall screen that subscribes over a raw WebSocket and then never reads again, as a frozen browser tab or
/// a dead network path does, so the server's buffers for it fill up.
/// </summary>
public sealed class StuckScreen : IDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket;

    private StuckScreen(ClientWebSocket socket) => _socket = socket;

    public static async Task<StuckScreen> ConnectAsync(string baseUrl, System.Net.CookieContainer cookies, string dashboardId)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = cookies;
        // A small receive buffer keeps the client from soaking up what the server sends.
        socket.Options.SetBuffer(1024, 1024);
        await socket.ConnectAsync(new Uri(baseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + "/hubs/live"), CancellationToken.None);
        await SendAsync(socket, "{\"protocol\":\"json\",\"version\":1}");
        await SendAsync(socket, "{\"type\":1,\"invocationId\":\"1\",\"target\":\"SubscribeDashboard\",\"arguments\":[\"" + dashboardId + "\"]}");
        // Read until the subscription's completion, then stop reading for good.
        var received = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!received.ToString().Contains("\"invocationId\":\"1\"", StringComparison.Ordinal))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }

        return new StuckScreen(socket);
    }

    public void Dispose()
    {
        _socket.Abort();
        _socket.Dispose();
    }

    private static Task SendAsync(ClientWebSocket socket, string message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message + Separator), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
}
