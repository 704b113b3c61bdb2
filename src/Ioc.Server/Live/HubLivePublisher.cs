using System.Diagnostics;
using System.Threading.Channels;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Observability;
using Microsoft.AspNetCore.SignalR;

namespace Ioc.Server.Live;

/// <summary>
/// Sends stored points to the hub: one message per group (dashboard or series) per batch, so SignalR
/// serialises each batch once per group rather than once per screen. Batches are numbered and sent in order by one
/// background sender, so screens never slow ingest or the collectors, and one stuck screen does not hold back the
/// others. If the sender falls behind, the oldest batches are dropped, their numbers are still taken, and screens
/// see the gap in the sequence and resync. With Redis, numbers and groups are the cluster's: a screen on any node
/// receives what any node published.
/// </summary>
internal sealed partial class HubLivePublisher : ILivePublisher, IDisposable
{
    internal const int QueueCapacity = 4096;
    internal const int MaxPendingSends = 1024;
    internal static readonly TimeSpan FrameLength = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SlowSendWait = TimeSpan.FromMilliseconds(200);

    private readonly IHubContext<LiveHub, ILiveClient> _hub;
    private readonly DashboardCatalog _dashboards;
    private readonly ILiveSequencer _sequencer;
    private readonly LiveSubscriptions _subscriptions;
    private readonly IClusterWatch _cluster;
    private readonly LiveResets _resets;
    private readonly ILogger<HubLivePublisher> _logger;
    private readonly IocMetrics _metrics;
    private readonly Lock _gate = new();
    private readonly Channel<Entry[]> _outbox;
    private readonly ManualResetEventSlim _stored = new(false);
    private readonly Thread _sender;
    private volatile bool _stopping;
    private List<Entry> _burned = [];
    private long _frameStarted;
    private long _dropped;
    private int _pending;

    public HubLivePublisher(
        IHubContext<LiveHub, ILiveClient> hub, DashboardCatalog dashboards, ILiveSequencer sequencer, LiveSubscriptions subscriptions, IClusterWatch cluster, LiveResets resets, ILogger<HubLivePublisher> logger, IocMetrics metrics)
    {
        _metrics = metrics;
        _hub = hub;
        _dashboards = dashboards;
        _sequencer = sequencer;
        _subscriptions = subscriptions;
        _cluster = cluster;
        _resets = resets;
        _logger = logger;
        _outbox = Channel.CreateBounded<Entry[]>(
            new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
            Burn);
        // Its own thread, not the pool's: the pool's queue is where a batch's thousands of socket writes wait, and
        // the next batch must not wait behind them to start going out.
        _sender = new Thread(SendLoop) { IsBackground = true, Name = "live sender" };
        _sender.Start();
    }

    /// <summary>Batches dropped because screens could not keep up; they resync from the query API.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Group sends still waiting on some screen's full buffer.</summary>
    internal int PendingSends => Volatile.Read(ref _pending);

    public Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        List<Entry>? entries = null;
        foreach (var point in InTimeOrder(points))
        {
            var dashboards = _dashboards.DashboardsOf(point.Series);
            var watched = _subscriptions.IsWatched(point.Series.Text) || _cluster.IsWatched(point.Series.Text);

            // Only series somebody can see are numbered, which keeps the numbering as small as the walls.
            if (dashboards.Count > 0 || watched)
            {
                (entries ??= []).Add(new Entry(point, dashboards, watched));
            }
        }

        if (entries is not null)
        {
            // One writer at a time keeps batches in the order the store accepted them.
            lock (_gate)
            {
                _outbox.Writer.TryWrite([.. entries]);
            }

            _stored.Set();
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stopping = true;
        _outbox.Writer.TryComplete();
        _stored.Set();
        if (_sender.Join(TimeSpan.FromSeconds(2)))
        {
            _stored.Dispose();
        }
    }

    // Most batches come in time order already; only the others pay for a sort.
    private static IEnumerable<MetricPoint> InTimeOrder(IReadOnlyList<MetricPoint> points)
    {
        for (var i = 1; i < points.Count; i++)
        {
            if (points[i].Timestamp < points[i - 1].Timestamp)
            {
                return points.OrderBy(p => p.Timestamp);
            }
        }

        return points;
    }

    private void Burn(Entry[] dropped)
    {
        Interlocked.Increment(ref _dropped);
        _metrics.HubMessagesDropped.Inc();
        lock (_burned)
        {
            _burned.AddRange(dropped);
        }
    }

    private void SendLoop()
    {
        long reported = 0;
        while (!_stopping)
        {
            _stored.Wait();
            _stored.Reset();
            while (!_stopping && _outbox.Reader.TryRead(out var first))
            {
                try
                {
                    reported = SendFrame(first, reported);
                }
                catch (Exception ex)
                {
                    // An exception here would end the process (this is no pool thread); the screens resync instead.
                    LogSendLoopFailed(ex);
                    _resets.Reset("live sending failed");
                }
            }
        }
    }

    /// <summary>Numbers and sends one frame's batches; returns the dropped count reported so far.</summary>
    private long SendFrame(Entry[] first, long reported)
    {
        var entries = Frame(first);
        var dropped = Dropped;
        if (dropped != reported)
        {
            LogDropped(dropped - reported);
            reported = dropped;
        }

        // A dropped batch still takes its numbers, so the screens that would have shown it see a gap.
        List<Entry> burned;
        lock (_burned)
        {
            (burned, _burned) = (_burned, []);
        }

        var numbering = new Numbering[burned.Count + entries.Length];
        for (var i = 0; i < burned.Count; i++)
        {
            numbering[i] = new Numbering(burned[i].Point.Series, burned[i].Dashboards);
        }

        for (var i = 0; i < entries.Length; i++)
        {
            numbering[burned.Count + i] = new Numbering(entries[i].Point.Series, entries[i].Dashboards);
        }

        Numbered numbered;
        try
        {
            // Waiting here is this thread's job (with Redis, a round trip); it holds no pool thread.
            numbered = _sequencer.NumberAsync(numbering, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            // Nothing can be sent that screens could trust; they reconnect, resync, and carry on once numbering works.
            LogNumberingFailed(ex);
            _resets.Reset("live numbering failed");
            return reported;
        }

        foreach (var (group, batch) in Group(entries, numbered, burned.Count))
        {
            Send(group, c => c.Points(batch), counted: true);
            if (batch.Dashboard is { } dashboard)
            {
                // Serialised only if some screen of the dashboard asked for the compact shape (or Redis carries it).
                Send(LiveHub.CompactDashboardGroup(dashboard), c => c.CompactPoints(new CompactLiveBatch(batch.Stream, batch.Points, dashboard)), counted: false);
            }

            if (Volatile.Read(ref _pending) >= MaxPendingSends)
            {
                Thread.Sleep(SlowSendWait);
            }
        }

        return reported;
    }

    /// <summary>
    /// At most one message per group a frame: a batch that finds the sender idle leaves at once; batches stored
    /// while the last frame's messages were going out leave together when the frame is over, numbered in order.
    /// Many small writes (collectors, push clients) then cost screens one message a frame, not one each.
    /// </summary>
    private Entry[] Frame(Entry[] first)
    {
        var wait = FrameLength - Stopwatch.GetElapsedTime(_frameStarted);
        if (wait > TimeSpan.Zero)
        {
            Thread.Sleep(wait);
        }

        _frameStarted = Stopwatch.GetTimestamp();
        if (!_outbox.Reader.TryPeek(out _))
        {
            return first;
        }

        var merged = new List<Entry>(first);
        while (_outbox.Reader.TryRead(out var more))
        {
            merged.AddRange(more);
        }

        return [.. merged];
    }

    private static Dictionary<string, LiveBatch> Group(Entry[] entries, Numbered numbered, int offset)
    {
        var groups = new Dictionary<string, List<LivePoint>>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var live = ToLive(entry.Point, numbered.Seqs[offset + i]);
            foreach (var dashboardId in entry.Dashboards)
            {
                Add(groups, LiveHub.DashboardGroup(dashboardId), live);
            }

            if (entry.Watched)
            {
                Add(groups, LiveHub.SeriesGroup(live.Key), live);
            }
        }

        var prefix = LiveHub.DashboardGroup("");
        return groups.ToDictionary(
            g => g.Key,
            g => new LiveBatch(numbered.Stream, g.Value, g.Key.StartsWith(prefix, StringComparison.Ordinal) ? g.Key[prefix.Length..] : null),
            StringComparer.Ordinal);
    }

    /// <param name="counted">Whether it counts as the batch's message in the metrics (the compact copy does not).</param>
    private void Send(string group, Func<ILiveClient, Task> points, bool counted)
    {
        Task send;
        try
        {
            send = points(_hub.Clients.Group(group));
            if (counted)
            {
                _metrics.HubMessagesSent.Inc();
            }
        }
        catch (Exception ex)
        {
            LogSendFailed(ex, group);
            return;
        }

        // Screens that keep up take the message synchronously; a group send stays pending only while some
        // connection's buffer is full (or, with Redis, until Redis has it). Its later messages queue behind on that
        // connection (in order), so the sender moves on instead of holding every other screen back. SignalR drops a
        // connection that stops answering; until then at most MaxPendingSends sends wait, then the sender waits too.
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        Interlocked.Increment(ref _pending);
        _ = ObserveAsync(send, group);
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

    [LoggerMessage(LogLevel.Warning, "Could not number live points; screens will reconnect and resync")]
    private partial void LogNumberingFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "Screens fell behind: dropped {Count} live batches; they will resync")]
    private partial void LogDropped(long count);

    [LoggerMessage(LogLevel.Error, "Could not send a frame of live points; screens will resync")]
    private partial void LogSendLoopFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "Could not send live points to group {Group}")]
    private partial void LogSendFailed(Exception ex, string group);

    private readonly record struct Entry(MetricPoint Point, IReadOnlyList<string> Dashboards, bool Watched);
}
