using Ioc.Core.Access;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Screens;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>What the server calls on a wall screen. Contract: docs/live-hub.md.</summary>
public interface ILiveClient
{
    Task Points(LiveBatch batch);

    /// <summary>A wall screen reloads its page: an admin asked, Ioc was upgraded or a dashboard changed.</summary>
    Task Reload(string reason);
}

public sealed record LivePoint(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, IReadOnlyDictionary<string, double> Fields, double Time, long Seq);

/// <param name="Dashboard">The dashboard whose group the batch was sent to; null for series subscriptions. A screen that
/// moved on to another dashboard drops what is still in flight for the last one instead of taking it for a gap.</param>
public sealed record LiveBatch(string Stream, IReadOnlyList<LivePoint> Points, string? Dashboard = null);

public sealed record Subscription(string Stream, IReadOnlyDictionary<string, long> Sequences);

/// <summary>Wall screens subscribe to a dashboard or to series keys and then receive <c>points</c>.</summary>
internal sealed class LiveHub : Hub<ILiveClient>
{
    private readonly DashboardCatalog _dashboards;
    private readonly ILiveSequencer _sequencer;
    private readonly IClusterWatch _cluster;
    private readonly LiveSubscriptions _subscriptions;
    private readonly LiveConnections _connections;
    private readonly ScreenRegistry _screens;

    public LiveHub(DashboardCatalog dashboards, ILiveSequencer sequencer, IClusterWatch cluster, LiveSubscriptions subscriptions, LiveConnections connections, ScreenRegistry screens)
    {
        _cluster = cluster;
        _screens = screens;
        _dashboards = dashboards;
        _sequencer = sequencer;
        _subscriptions = subscriptions;
        _connections = connections;
    }

    public override Task OnConnectedAsync()
    {
        _connections.Opened(Context);
        return base.OnConnectedAsync();
    }

    /// <summary>Bounds what one connection can make the server track.</summary>
    internal const int MaxSeriesPerConnection = 1000;

    public static string DashboardGroup(string id) => "d:" + id;

    public static string SeriesGroup(string key) => "s:" + key;

    public const string ScreensGroup = "screens";

    public static string ScreenGroup(string id) => "screen:" + id;

    /// <summary>A wall screen (display token) says it is alive and what it shows; the answer may tell it to reload.</summary>
    public async Task<HeartbeatAnswer> Heartbeat(ScreenHeartbeat heartbeat)
    {
        HeartbeatAnswer answer;
        try
        {
            answer = await _screens.HeartbeatAsync(Context.User ?? new(), Context.ConnectionId, heartbeat, Context.ConnectionAborted);
        }
        catch (ScreenException ex)
        {
            throw new HubException(ex.Message);
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, ScreensGroup);
        await Groups.AddToGroupAsync(Context.ConnectionId, ScreenGroup(heartbeat.ScreenId));
        return answer;
    }

    public async Task<Subscription> SubscribeDashboard(string dashboardId)
    {
        if (_dashboards.Find(dashboardId) is not { } dashboard)
        {
            throw new HubException($"no dashboard '{Shown(dashboardId)}'");
        }

        if (Context.User is not { } user || !user.CanView(dashboard))
        {
            throw new HubException($"not allowed to watch dashboard '{dashboardId}'");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, DashboardGroup(dashboardId));
        return await Snapshot(() => _sequencer.DashboardSnapshotAsync(dashboardId, key => _dashboards.Feeds(dashboardId, key), Context.ConnectionAborted));
    }

    public Task UnsubscribeDashboard(string dashboardId) =>
        Groups.RemoveFromGroupAsync(Context.ConnectionId, DashboardGroup(dashboardId));

    public async Task<Subscription> SubscribeSeries(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (Context.User?.Role() is not (Roles.Admin or Roles.Leader))
        {
            throw new HubException("only admins and leaders may watch series directly; subscribe to a dashboard");
        }

        if (keys.Length + _subscriptions.CountOf(Context.ConnectionId) > MaxSeriesPerConnection)
        {
            throw new HubException($"a connection may watch at most {MaxSeriesPerConnection} series; subscribe to a dashboard instead");
        }

        var parsed = new List<SeriesKey>(keys.Length);
        foreach (var key in keys)
        {
            SeriesKey series;
            try
            {
                series = SeriesKey.Parse(key ?? "");
            }
            catch (FormatException ex)
            {
                throw new HubException($"series key '{Shown(key)}' is malformed: {ex.Message}");
            }

            if (MetricValidator.CheckSeries(series) is { } problem)
            {
                throw new HubException($"series key '{Shown(key)}' names no series that could exist: {problem}");
            }

            parsed.Add(series);
        }

        foreach (var key in parsed)
        {
            _subscriptions.Add(Context.ConnectionId, key.Text);
            await Groups.AddToGroupAsync(Context.ConnectionId, SeriesGroup(key.Text));
        }

        // Every node learns of the watcher before the client reads history, so no write it could miss falls between.
        return await Snapshot(async () =>
        {
            await _cluster.WatchAsync([.. parsed.Select(k => k.Text).Distinct(StringComparer.Ordinal)], Context.ConnectionAborted);
            return await _sequencer.SeriesSnapshotAsync(parsed, Context.ConnectionAborted);
        });
    }

    public async Task UnsubscribeSeries(string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var key in keys)
        {
            // Subscribed keys were stored in canonical form; a client may send them as it wrote them.
            var text = Canonical(key);
            _subscriptions.Remove(Context.ConnectionId, text);
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, SeriesGroup(text));
        }
    }

    /// <summary>A subscription whose numbers cannot be read (Redis away) fails clearly; the screen retries with backoff.</summary>
    private static async Task<Subscription> Snapshot(Func<ValueTask<Subscription>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            throw new HubException("live delivery is unavailable for now (Redis does not answer); try again shortly");
        }
    }

    /// <summary>A key as an error message shows it: a 10,000-character key is not echoed whole.</summary>
    private static string Shown(string? key) => key is null ? "" : key.Length <= 100 ? key : key[..100] + "…";

    private static string Canonical(string key)
    {
        try
        {
            return SeriesKey.Parse(key).Text;
        }
        catch (FormatException)
        {
            return key;
        }
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        _subscriptions.RemoveConnection(Context.ConnectionId);
        _connections.Closed(Context.ConnectionId);
        _screens.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
