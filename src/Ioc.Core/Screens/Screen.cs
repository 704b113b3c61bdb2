namespace Ioc.Core.Screens;

/// <summary>What a wall screen says of itself in a heartbeat.</summary>
/// <param name="DashboardId">The dashboard it shows now (within a playlist: the one mounted).</param>
/// <param name="PlaylistId">The playlist it rotates through, if any.</param>
/// <param name="AppVersion">The Ioc version the page was served by.</param>
/// <param name="HeapUsedBytes">The page's JavaScript heap; null where the browser does not tell.</param>
/// <param name="LastUpdateAt">When the page last received data (a live point or a resync), in server time.</param>
/// <param name="Viewport">CSS pixels and device pixel ratio, e.g. <c>1920×1080@1</c>.</param>
public sealed record ScreenReport(
    string? DashboardId,
    string? PlaylistId,
    string AppVersion,
    TimeSpan Uptime,
    long? HeapUsedBytes,
    long? HeapLimitBytes,
    DateTimeOffset? LastUpdateAt,
    string Viewport);

/// <summary>A screen as the store keeps it: the display token it runs under and its newest heartbeat.</summary>
/// <param name="Id">The id the page keeps in its local storage.</param>
/// <param name="Node">The Ioc node that received the newest heartbeat.</param>
public sealed record ScreenRecord(
    string Id,
    string TokenId,
    string TokenName,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastHeartbeatAt,
    string Node,
    ScreenReport Report);

/// <summary>
/// Screens in the configuration store, so every node lists the same ones and a screen that died stays listed
/// (silent) across restarts until an admin forgets it. Contract: a heartbeat replaces the screen's row whole and
/// keeps its first-seen time.
/// </summary>
public interface IScreenStore
{
    Task SaveScreenAsync(ScreenRecord screen, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ScreenRecord>> ListScreensAsync(CancellationToken cancellationToken = default);

    /// <summary>False when there was no such screen.</summary>
    Task<bool> DeleteScreenAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes screens silent since before <paramref name="before"/>; returns how many.</summary>
    Task<int> PruneScreensAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}
