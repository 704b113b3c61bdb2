using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Server.Features.Dashboards;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>
/// Sends stored points to the hub: one message per group (dashboard or series) per batch, so SignalR
/// serialises each batch once per group rather than once per screen. Publishing is serialised so per-series
/// sequence numbers leave in order.
/// </summary>
internal sealed partial class HubLivePublisher : ILivePublisher, IDisposable
{
    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly DashboardCatalog _dashboards;
    private readonly LiveSequencer _sequencer;
    private readonly LiveSubscriptions _subscriptions;
    private readonly ILogger<HubLivePublisher> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public HubLivePublisher(IHubContext<LiveHub, ILiveClient> hub, DashboardCatalog dashboards, LiveSequencer sequencer, LiveSubscriptions subscriptions, ILogger<HubLivePublisher> logger)
    {
        _hub = hub;
        _dashboards = dashboards;
        _sequencer = sequencer;
        _subscriptions = subscriptions;
        _logger = logger;
    }

    public async Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var groups = new Dictionary<string, List<LivePoint>>(StringComparer.Ordinal);
            foreach (var point in points.OrderBy(p => p.Timestamp))
            {
                var seq = _sequencer.Next(point.Series);
                var dashboards = _dashboards.DashboardsOf(point.Series);
                var watched = _subscriptions.IsWatched(point.Series.Text);
                if (dashboards.Count == 0 && !watched)
                {
                    continue;
                }

                var live = ToLive(point, seq);
                foreach (var dashboardId in dashboards)
                {
                    Add(groups, LiveHub.DashboardGroup(dashboardId), live);
                }

                if (watched)
                {
                    Add(groups, LiveHub.SeriesGroup(live.Key), live);
                }
            }

            foreach (var (group, batch) in groups)
            {
                try
                {
                    await _hub.Clients.Group(group).Points(new LiveBatch(_sequencer.Stream, batch));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogSendFailed(ex, group);
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private static void Add(Dictionary<string, List<LivePoint>> groups, string group, LivePoint point)
    {
        if (!groups.TryGetValue(group, out var list))
        {
            groups[group] = list = [];
        }

        list.Add(point);
    }

    private static LivePoint ToLive(MetricPoint point, long seq) => new(
        point.Series.Text,
        point.Measurement,
        point.Tags.ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
        point.Fields.ToDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal),
        UnixTime.ToMilliseconds(point.Timestamp),
        seq);

    [LoggerMessage(LogLevel.Warning, "Could not send live points to group {Group}")]
    private partial void LogSendFailed(Exception ex, string group);
}
