using System.Collections.Concurrent;
using Ioc.Server.Live;
using Microsoft.AspNetCore.SignalR.Client;

namespace Ioc.Server.Tests.Hosting;

/// <summary>A hub client as a wall screen uses it, recording every batch it receives.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private LiveClient(HubConnection connection)
    {
        _connection = connection;
        _connection.On<LiveBatch>("Points", batch =>
        {
            foreach (var point in batch.Points)
            {
                Received.Enqueue((batch.Stream, point, DateTimeOffset.UtcNow));
            }
        });
    }

    public ConcurrentQueue<(string Stream, LivePoint Point, DateTimeOffset At)> Received { get; } = new();

    public HubConnection Connection => _connection;

    public static Task<LiveClient> ConnectAsync(IocServer server) => ConnectAsync(server.BaseUrl, server.Cookies);

    /// <param name="cookies">A session's or a kiosk's cookies: the hub admits no anonymous client.</param>
    public static async Task<LiveClient> ConnectAsync(string baseUrl, System.Net.CookieContainer cookies)
    {
        var connection = new HubConnectionBuilder().WithUrl($"{baseUrl}/hubs/live", o => o.Cookies = cookies).Build();
        var client = new LiveClient(connection);
        await connection.StartAsync();
        return client;
    }

    public Task<Subscription> SubscribeDashboardAsync(string id) => _connection.InvokeAsync<Subscription>("SubscribeDashboard", id);

    public Task<Subscription> SubscribeSeriesAsync(params string[] keys) => _connection.InvokeAsync<Subscription>("SubscribeSeries", keys);

    /// <summary>Waits until a received point satisfies <paramref name="match"/>; fails the test after the timeout.</summary>
    public async Task<LivePoint> WaitForAsync(Func<LivePoint, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var hit = Received.FirstOrDefault(r => match(r.Point));
            if (hit.Point is not null)
            {
                return hit.Point;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"no matching live point within {timeout.TotalSeconds} s; received {Received.Count}");
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
