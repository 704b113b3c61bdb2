using System.Threading.Channels;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>
/// Sends stored points to the hub: one message per group (dashboard or series) per batch, so SignalR
/// serialises each batch once per group rather than once per screen. Sequence numbers are assigned under a
/// lock and the messages leave in that order from one background sender, so screens never slow ingest or the
/// collectors, and one stuck screen does not hold back the others. If the sender falls behind, the oldest
/// messages are dropped and screens see the gap in the sequence and resync.
/// </summary>
internal sealed partial class HubLivePublisher : ILivePublisher, IDisposable
{
    internal const int QueueCapacity = 4096;
    internal const int MaxPendingSends = 1024;
    private static readonly TimeSpan SlowSendWait = TimeSpan.FromMilliseconds(200);

    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly DashboardCatalog _dashboards;
    private readonly LiveSequencer _sequencer;
    private readonly LiveSubscriptions _subscriptions;
    private readonly ILogger<HubLivePublisher> _logger;
    private readonly IocMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Channel<(string Group, LiveBatch Batch)> _outbox;
    private readonly Task _sender;
    private long _dropped;
    private int _pending;

    public HubLivePublisher(IHubContext<LiveHub, ILiveClient> hub, DashboardCatalog dashboards, LiveSequencer sequencer, LiveSubscriptions subscriptions, ILogger<HubLivePublisher> logger, IocMetrics metrics)
    {
        _metrics = metrics;
        _hub = hub;
        _dashboards = dashboards;
        _sequencer = sequencer;
        _subscriptions = subscriptions;
        _logger = logger;
        _outbox = Channel.CreateBounded<(string, LiveBatch)>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                _metrics.HubMessagesDropped.Inc();
            });
        _sender = Task.Run(SendLoopAsync);
    }

    /// <summary>Messages dropped because screens could not keep up; they resync from the query API.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Group sends still waiting on some screen's full buffer.</summary>
    internal int PendingSends => Volatile.Read(ref _pending);

    public Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        lock (_gate)
        {
            var groups = new Dictionary<string, List<LivePoint>>(StringComparer.Ordinal);
            foreach (var point in points.OrderBy(p => p.Timestamp))
            {
                var dashboards = _dashboards.DashboardsOf(point.Series);
                var watched = _subscriptions.IsWatched(point.Series.Text);
                if (dashboards.Count == 0 && !watched)
                {
                    continue;
                }

                // Only series somebody can see are numbered, which keeps the sequencer as small as the walls.
                var live = ToLive(point, _sequencer.Next(point.Series));
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
                var dashboard = group.StartsWith(LiveHub.DashboardGroup(""), StringComparison.Ordinal) ? group[LiveHub.DashboardGroup("").Length..] : null;
                _outbox.Writer.TryWrite((group, new LiveBatch(_sequencer.Stream, batch, dashboard)));
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _outbox.Writer.TryComplete();
        _sender.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task SendLoopAsync()
    {
        long reported = 0;
        await foreach (var (group, batch) in _outbox.Reader.ReadAllAsync())
        {
            var dropped = Dropped;
            if (dropped != reported)
            {
                LogDropped(dropped - reported);
                reported = dropped;
            }

            Task send;
            try
            {
                send = _hub.Clients.Group(group).Points(batch);
                _metrics.HubMessagesSent.Inc();
            }
            catch (Exception ex)
            {
                LogSendFailed(ex, group);
                continue;
            }

            // Screens that keep up take the message synchronously; a group send stays pending only while some
            // connection's buffer is full. Its later messages queue behind on that connection (in order), so the
            // sender moves on instead of holding every other screen back. SignalR drops a connection that stops
            // answering; until then at most MaxPendingSends sends wait, then the sender waits a little too.
            if (send.IsCompletedSuccessfully)
            {
                continue;
            }

            if (Volatile.Read(ref _pending) >= MaxPendingSends)
            {
                await Task.WhenAny(send, Task.Delay(SlowSendWait));
            }

            Interlocked.Increment(ref _pending);
            _ = ObserveAsync(send, group);
        }
    }

    private async Task ObserveAsync(Task send, string group)
    {
        try
        {
            await send;
        }
        catch (Exception ex)
        {
            LogSendFailed(ex, group);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
        }
    }

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

    [LoggerMessage(LogLevel.Warning, "Screens fell behind: dropped {Count} live messages; they will resync")]
    private partial void LogDropped(long count);

    [LoggerMessage(LogLevel.Warning, "Could not send live points to group {Group}")]
    private partial void LogSendFailed(Exception ex, string group);
}
