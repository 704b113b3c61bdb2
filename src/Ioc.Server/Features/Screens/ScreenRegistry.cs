using System.Collections.Concurrent;
using System.Security.Claims;
using Ioc.Core.Collecting;
using Ioc.Core.Screens;
using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Sources;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Screens;

/// <summary>What a wall page sends every <see cref="ScreenOptions.HeartbeatInterval"/> (docs/live-hub.md, "Screens").</summary>
/// <param name="ScreenId">Kept in the page's local storage: the same screen across reloads and restarts.</param>
/// <param name="AppVersion">The version the page heard in its first answer; null in the first heartbeat.</param>
/// <param name="SecondsSinceUpdate">Since the page last received data; null when it has received none.</param>
public sealed record ScreenHeartbeat(
    string ScreenId,
    string? DashboardId,
    string? PlaylistId,
    string? AppVersion,
    string? Revision,
    double UptimeSeconds,
    long? HeapUsedBytes,
    long? HeapLimitBytes,
    double? SecondsSinceUpdate,
    int ViewportWidth,
    int ViewportHeight,
    double DevicePixelRatio);

/// <param name="Reload">Why the page must reload now (<c>upgrade</c>, <c>dashboards-changed</c>), or null.</param>
/// <param name="IntervalSeconds">When to send the next heartbeat.</param>
/// <param name="HeapLimitBytes">Reload when the page's heap passes this.</param>
/// <param name="AppVersion">This node's version: the page sends back the first it heard.</param>
/// <param name="Revision">This node's dashboards revision, likewise.</param>
public sealed record HeartbeatAnswer(string? Reload, int IntervalSeconds, long HeapLimitBytes, string AppVersion, string Revision);

/// <summary>A screen as <c>GET /api/v1/admin/screens</c> lists it.</summary>
/// <param name="State">Exactly <c>ok</c>, <c>silent</c> or <c>stale</c>.</param>
/// <param name="Connected">Whether this node holds a live connection of it now.</param>
public sealed record ScreenView(
    string Id,
    string State,
    string TokenId,
    string TokenName,
    string? DashboardId,
    string? PlaylistId,
    string AppVersion,
    bool Outdated,
    double UptimeSeconds,
    long? HeapUsedBytes,
    long? HeapLimitBytes,
    DateTimeOffset? LastUpdateAt,
    DateTimeOffset LastHeartbeatAt,
    DateTimeOffset FirstSeenAt,
    string Viewport,
    string Node,
    bool Connected);

/// <summary>
/// Takes heartbeats (saved in the configuration store, so every node and every restart sees the same screens) and
/// judges each screen: silent without heartbeats, stale when its sources deliver but its page receives nothing.
/// </summary>
internal sealed partial class ScreenRegistry(
    IScreenStore store, ScreenBuild build, DashboardCatalog dashboards, SourceBoard sources, Credentials credentials,
    TimeProvider clock, IOptions<ScreenOptions> options, ILogger<ScreenRegistry> logger)
{
    private readonly ConcurrentDictionary<string, string> _screenOfConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSaved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstSeen = new(StringComparer.Ordinal);

    private ScreenOptions Settings => options.Value;

    public async Task<HeartbeatAnswer> HeartbeatAsync(ClaimsPrincipal user, string connectionId, ScreenHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(IocClaims.DisplayTokenId) is not { } tokenId
            || await credentials.ActiveDisplayTokenAsync(tokenId, cancellationToken) is not { } token)
        {
            throw new ScreenException("only wall screens signed in with a display token send heartbeats");
        }

        if (Problem(heartbeat) is { } problem)
        {
            throw new ScreenException(problem);
        }

        var answer = new HeartbeatAnswer(
            build.ReloadReason(heartbeat.AppVersion, heartbeat.Revision),
            (int)Settings.HeartbeatInterval.TotalSeconds,
            Settings.HeapLimitMegabytes * 1024L * 1024L,
            ScreenBuild.AppVersion,
            build.Revision);
        var now = clock.GetUtcNow();

        // A page that heartbeats faster than asked (a hostile one) reaches the store at most twice an interval.
        if (_lastSaved.TryGetValue(heartbeat.ScreenId, out var saved) && now - saved < Settings.HeartbeatInterval / 2
            && _screenOfConnection.ContainsKey(connectionId))
        {
            return answer;
        }

        var first = await FirstSeenAsync(heartbeat.ScreenId, token.Id, now, cancellationToken);
        var report = new ScreenReport(
            heartbeat.DashboardId,
            heartbeat.PlaylistId,
            heartbeat.AppVersion ?? ScreenBuild.AppVersion,
            TimeSpan.FromSeconds(Math.Max(0, heartbeat.UptimeSeconds)),
            heartbeat.HeapUsedBytes,
            heartbeat.HeapLimitBytes,
            heartbeat.SecondsSinceUpdate is { } age ? now - TimeSpan.FromSeconds(Math.Max(0, age)) : null,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{heartbeat.ViewportWidth}×{heartbeat.ViewportHeight}@{heartbeat.DevicePixelRatio:0.##}"));
        await store.SaveScreenAsync(new ScreenRecord(heartbeat.ScreenId, token.Id, token.Name, first, now, Environment.MachineName, report), cancellationToken);
        _lastSaved[heartbeat.ScreenId] = now;
        if (_screenOfConnection.TryAdd(connectionId, heartbeat.ScreenId))
        {
            LogScreenConnected(logger, heartbeat.ScreenId, token.Name, heartbeat.DashboardId ?? heartbeat.PlaylistId ?? "");
        }

        return answer;
    }

    public void Disconnected(string connectionId) => _screenOfConnection.TryRemove(connectionId, out _);

    public async Task<IReadOnlyList<ScreenView>> ListAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var connected = _screenOfConnection.Values.ToHashSet(StringComparer.Ordinal);
        var newestByDashboard = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var views = new List<ScreenView>();
        foreach (var screen in await store.ListScreensAsync(cancellationToken))
        {
            var dashboardId = screen.Report.DashboardId;
            DateTimeOffset? newest = null;
            if (dashboardId is not null && !newestByDashboard.TryGetValue(dashboardId, out newest))
            {
                newest = newestByDashboard[dashboardId] = await NewestFreshSourceAsync(dashboardId, cancellationToken);
            }

            var state = ScreenJudgement.Judge(screen, now, newest, Settings.SilentAfter, Settings.StaleAfter);
            var r = screen.Report;
            views.Add(new ScreenView(
                screen.Id, ScreenJudgement.Name(state), screen.TokenId, screen.TokenName, r.DashboardId, r.PlaylistId, r.AppVersion,
                !string.Equals(r.AppVersion, ScreenBuild.AppVersion, StringComparison.Ordinal), r.Uptime.TotalSeconds, r.HeapUsedBytes, r.HeapLimitBytes,
                r.LastUpdateAt, screen.LastHeartbeatAt, screen.FirstSeenAt, r.Viewport, screen.Node, connected.Contains(screen.Id)));
        }

        return views;
    }

    /// <summary>How many screens are in each state, every state named (zero included).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(CancellationToken cancellationToken) =>
        Count(await ListAsync(cancellationToken));

    public static IReadOnlyDictionary<string, int> Count(IEnumerable<ScreenView> screens)
    {
        var counts = Enum.GetValues<ScreenState>().ToDictionary(ScreenJudgement.Name, _ => 0, StringComparer.Ordinal);
        foreach (var screen in screens)
        {
            counts[screen.State]++;
        }

        return counts;
    }

    public Task<bool> ForgetAsync(string id, CancellationToken cancellationToken)
    {
        _lastSaved.TryRemove(id, out _);
        _firstSeen.TryRemove(id, out _);
        return store.DeleteScreenAsync(id, cancellationToken);
    }

    public Task<int> PruneAsync(CancellationToken cancellationToken) =>
        store.PruneScreensAsync(clock.GetUtcNow() - Settings.ForgetAfter, cancellationToken);

    private async Task<DateTimeOffset?> NewestFreshSourceAsync(string dashboardId, CancellationToken cancellationToken)
    {
        if (dashboards.Find(dashboardId) is not { } dashboard)
        {
            return null;
        }

        var measurements = dashboard.Panels.SelectMany(p => p.Measurements()).ToHashSet(StringComparer.Ordinal);
        var fresh = (await sources.WritingAsync(measurements, cancellationToken)).Where(s => s.State == SourceState.Fresh && s.LastSuccess is not null);
        return fresh.Select(s => s.LastSuccess).Max();
    }

    private async Task<DateTimeOffset> FirstSeenAsync(string screenId, string tokenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_firstSeen.TryGetValue(screenId, out var known))
        {
            return known;
        }

        var listed = await store.ListScreensAsync(cancellationToken);
        if (listed.FirstOrDefault(s => s.Id == screenId) is { } existing)
        {
            return _firstSeen[screenId] = existing.FirstSeenAt;
        }

        if (listed.Count(s => s.TokenId == tokenId) >= Settings.MaxScreensPerToken)
        {
            throw new ScreenException($"display token {tokenId} already runs {Settings.MaxScreensPerToken} screens (Ioc:Screens:MaxScreensPerToken); forget silent ones on /admin/screens");
        }

        return _firstSeen[screenId] = now;
    }

    /// <summary>Screen ids are the page's own: short, URL-safe, nothing a log or a page must escape.</summary>
    internal static string? Problem(ScreenHeartbeat? heartbeat) =>
        heartbeat is null ? "heartbeat is missing"
        : heartbeat.ScreenId is not { Length: >= 8 and <= 64 } id || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') ? "screenId must be 8–64 letters, digits or '-'"
        : heartbeat.DashboardId is { Length: > 100 } ? "dashboardId is too long"
        : heartbeat.PlaylistId is { Length: > 100 } ? "playlistId is too long"
        : heartbeat.AppVersion is { Length: > 100 } ? "appVersion is too long"
        : heartbeat.Revision is { Length: > 100 } ? "revision is too long"
        : heartbeat.ViewportWidth is < 0 or > 100_000 || heartbeat.ViewportHeight is < 0 or > 100_000 ? "viewport is out of range"
        : !double.IsFinite(heartbeat.UptimeSeconds) || !double.IsFinite(heartbeat.DevicePixelRatio) || heartbeat.SecondsSinceUpdate is { } s && !double.IsFinite(s) ? "numbers must be finite"
        : null;

    [LoggerMessage(LogLevel.Information, "Screen {ScreenId} ({TokenName}) connected, showing {Shown}")]
    private static partial void LogScreenConnected(ILogger logger, string screenId, string tokenName, string shown);
}

/// <summary>A heartbeat refused; the hub turns it into a HubException the page can read.</summary>
internal sealed class ScreenException(string message) : Exception(message);
