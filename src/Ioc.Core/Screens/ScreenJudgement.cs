namespace Ioc.Core.Screens;

/// <summary>Exactly these three, as <c>GET /api/v1/admin/screens</c> spells them.</summary>
public enum ScreenState
{
    /// <summary>Heartbeats arrive and data reaches the page.</summary>
    Ok,

    /// <summary>No heartbeat within the silence bound: the page, the browser or the network is gone.</summary>
    Silent,

    /// <summary>Heartbeats arrive, but no data has reached the page while its sources kept delivering.</summary>
    Stale,
}

public static class ScreenJudgement
{
    /// <param name="newestFreshSource">The newest success among the fresh sources of what the screen shows; null when none is fresh.</param>
    /// <param name="silentAfter">No heartbeat for this long is silence (the issue says 2 minutes; heartbeats come every 30 s).</param>
    /// <param name="staleAfter">How far the page's newest data may trail a fresh source's newest success.</param>
    public static ScreenState Judge(ScreenRecord screen, DateTimeOffset now, DateTimeOffset? newestFreshSource, TimeSpan silentAfter, TimeSpan staleAfter)
    {
        ArgumentNullException.ThrowIfNull(screen);
        if (now - screen.LastHeartbeatAt > silentAfter)
        {
            return ScreenState.Silent;
        }

        // Sources that are late or failing explain a page without news; that is the tile's business, not the screen's.
        if (newestFreshSource is not { } delivered)
        {
            return ScreenState.Ok;
        }

        var received = screen.Report.LastUpdateAt ?? screen.FirstSeenAt;
        return delivered - received > staleAfter ? ScreenState.Stale : ScreenState.Ok;
    }

    public static string Name(ScreenState state) => state switch
    {
        ScreenState.Ok => "ok",
        ScreenState.Silent => "silent",
        _ => "stale",
    };
}
