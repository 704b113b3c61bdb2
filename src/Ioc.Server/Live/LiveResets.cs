using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Server.Access;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Ioc.Server.Live;

/// <summary>
/// Drops every live connection of this node when live delivery can no longer be trusted (Redis went away, numbering
/// failed): a screen then shows it is offline, reconnects with backoff, and resyncs from the query API once it can,
/// instead of quietly showing numbers that stopped arriving. Screens on other nodes may have missed this node's points
/// too, so once Redis answers again every screen of the cluster is told to resync.
/// </summary>
internal sealed partial class LiveResets(LiveConnections connections, TimeProvider clock, ILogger<LiveResets> logger)
{
    private static readonly TimeSpan MinGap = TimeSpan.FromSeconds(5);
    private long _last = long.MinValue;
    private int _owed;

    /// <summary>True while the cluster's screens still have to hear that this node lost points.</summary>
    public bool ResyncOwed => Volatile.Read(ref _owed) == 1;

    public void Reset(string reason)
    {
        Volatile.Write(ref _owed, 1);
        var now = clock.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        if (last != long.MinValue && clock.GetElapsedTime(last, now) < MinGap)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _last, now, last) != last)
        {
            return;
        }

        var dropped = 0;
        foreach (var context in connections.All.ToList())
        {
            connections.Closed(context.ConnectionId);
            context.Abort();
            dropped++;
        }

        LogReset(dropped, reason);
    }

    /// <summary>Tells every screen of the cluster to resync, once Redis carries messages again.</summary>
    public async Task PayResyncAsync(IHubContext<LiveHub, ILiveClient> hub)
    {
        if (Interlocked.Exchange(ref _owed, 0) == 0)
        {
            return;
        }

        try
        {
            await hub.Clients.All.Resync("a node could not deliver some points");
            LogResyncSent();
        }
        catch (Exception)
        {
            Volatile.Write(ref _owed, 1);
            throw;
        }
    }

    [LoggerMessage(LogLevel.Warning, "Dropped {Count} live connections so their screens resync: {Reason}")]
    private partial void LogReset(int count, string reason);

    [LoggerMessage(LogLevel.Information, "Told every screen to resync after live delivery failed on this node")]
    private partial void LogResyncSent();
}
