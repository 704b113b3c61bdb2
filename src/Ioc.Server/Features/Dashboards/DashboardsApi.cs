using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Metrics;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Ioc.Core.Storage;
using Ioc.Server.Access;
using Ioc.Server.Features.Query;
using Ioc.Server.Features.Units;
using Ioc.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Dashboards;

public sealed record DashboardSummary(string Id, string Title, string? Description);

public sealed record PanelSeriesData(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, string Label, LastPoint? Last, double? BucketMs, IReadOnlyList<double[]>? Points);

public sealed record LastPoint(double Time, double Value);

/// <param name="More">Series the panel matched beyond <c>options.maxSeries</c>, left out (those with the lowest latest values).</param>
public sealed record PanelData(IReadOnlyList<PanelSeriesData> Series, int More = 0);

/// <param name="Sequences">
/// The live sequence of each series the dashboard is fed by, taken before the reads: a page that subscribes and
/// finds the same numbers knows this answer misses no point, and need not read again. Null when it could not be taken.
/// </param>
public sealed record DashboardData(double ServerTime, string Stream, IReadOnlyDictionary<string, PanelData> Panels, IReadOnlyDictionary<string, long>? Sequences = null);

/// <summary>Dashboard definitions, the data to paint them, and the wall pages.</summary>
internal static class DashboardsApi
{
    /// <summary>Points of a stat tile's sparkline (wwwroot/js/panel-stat.js draws them).</summary>
    public const int SparklinePoints = 60;

    private const int PanelReadsAtOnce = 4;

    public static IEndpointRouteBuilder MapDashboardsApi(this IEndpointRouteBuilder app)
    {
        // People see the dashboards their role allows; a display token sees its one dashboard and nothing else.
        var api = app.MapGroup("/api/v1/dashboards").WithTags("Dashboards");
        api.MapGet("/", (DashboardCatalog catalog, ClaimsPrincipal user) =>
            TypedResults.Ok(catalog.All.Where(user.CanView).Select(d => new DashboardSummary(d.Id, d.Title, d.Description))))
            .RequireAuthorization(IocClaims.Policies.Person);
        api.MapGet("/{id}", Results<Ok<DashboardDefinition>, NotFound, ForbidHttpResult> (string id, DashboardCatalog catalog, ClaimsPrincipal user) =>
            catalog.Find(id) is not { } d ? TypedResults.NotFound() : user.CanView(d) ? TypedResults.Ok(d) : TypedResults.Forbid())
            .RequireAuthorization(IocClaims.Policies.Viewer);
        api.MapGet("/{id}/data", DataAsync).RequireAuthorization(IocClaims.Policies.Viewer).WithReadBudget();

        // Each person lands on their own panel (docs/provenance.md, "Landing").
        app.MapGet("/", (DashboardCatalog catalog, IOptions<LandingOptions> landing, ClaimsPrincipal user, HttpRequest request) =>
            Landing(catalog, landing.Value, user) is { } first
                ? TypedResults.Redirect($"{request.PathBase}/d/{first.Id}")
                : TypedResults.Redirect($"{request.PathBase}/d"))
            .RequireAuthorization(IocClaims.Policies.Person);
        app.MapGet("/d", (DashboardCatalog catalog, ClaimsPrincipal user, HttpRequest request) =>
            TypedResults.Content(DashboardIndexPage.Render([.. catalog.All.Where(user.CanView)], request.PathBase), "text/html; charset=utf-8"))
            .RequireAuthorization(IocClaims.Policies.Person);
        app.MapGet("/d/{id}", Results<ContentHttpResult, NotFound, ForbidHttpResult> (string id, string? unit, DashboardCatalog catalog, UnitCatalog units, PageModules modules, ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery) =>
            catalog.Find(id) is not { } d ? TypedResults.NotFound()
            : user.CanView(d) ? TypedResults.Content(DashboardPage.Render(d, http.Request.PathBase, SignOutForm(user, http, antiforgery), Trail(d, unit, units), modules: modules.Dashboard), "text/html; charset=utf-8")
            : TypedResults.Forbid())
            .RequireAuthorization(IocClaims.Policies.Viewer);
        return app;
    }

    /// <summary>
    /// Where a person lands: leaders and admins on the leaders' dashboard (<see cref="LandingOptions.Leaders"/>, else
    /// the first with audience leaders; admins see what leaders see), operators on the first wall; anyone on the first
    /// they may open when there is none of their own.
    /// </summary>
    internal static DashboardDefinition? Landing(DashboardCatalog catalog, LandingOptions landing, ClaimsPrincipal user)
    {
        var visible = catalog.All.Where(user.CanView).ToList();
        if (user.Role() is Core.Access.Roles.Leader or Core.Access.Roles.Admin)
        {
            return visible.FirstOrDefault(d => d.Id == landing.Leaders && d.Audience == DashboardDefinition.LeadersAudience)
                ?? visible.FirstOrDefault(d => d.Audience == DashboardDefinition.LeadersAudience)
                ?? visible.FirstOrDefault();
        }

        return visible.FirstOrDefault(d => d.Audience == DashboardDefinition.WallAudience) ?? visible.FirstOrDefault();
    }

    /// <summary>Whether a dashboard follows the unit a page shows: it ranks units, or a series names <c>"unit": "$unit"</c>.</summary>
    public static bool FollowsUnit(DashboardDefinition d) =>
        d.Panels.Any(p => p.Type == PanelTypes.Ranking || p.Series.Any(s => s.UsesUnit));

    /// <summary>The unit a page shows: <c>?unit=</c>, else the configured province's unit today.</summary>
    public static string ShownUnit(string? unit, UnitCatalog units) =>
        string.IsNullOrEmpty(unit) ? units.Province(units.Today())?.Code ?? "" : unit;

    /// <summary>The page's unit and its parents, the province first; null when the dashboard does not follow units.</summary>
    private static IReadOnlyList<(string Code, string Name)>? Trail(DashboardDefinition d, string? unit, UnitCatalog units)
    {
        if (!FollowsUnit(d))
        {
            return null;
        }

        var shown = ShownUnit(unit, units);
        var chain = units.Registry.Ancestry(shown);
        return chain.Count == 0 ? [(shown, shown)] : [.. chain.Select(u => (u.Code, u.Name))];
    }

    internal static (string, string, string)? SignOutForm(ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery)
    {
        if (!user.IsPerson() || user.Identity?.Name is not { } name)
        {
            return null;
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        return (name, tokens.FormFieldName, tokens.RequestToken!);
    }

    internal static async Task<Results<Ok<DashboardData>, NotFound, ForbidHttpResult>> DataAsync(
        string id, string? unit, DashboardCatalog catalog, UnitCatalog units, IMetricStore store, ILiveSequencer sequencer, TimeProvider clock,
        IOptions<QueryOptions> query, DashboardReads reads, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } dashboard)
        {
            return TypedResults.NotFound();
        }

        if (!user.CanView(dashboard))
        {
            return TypedResults.Forbid();
        }

        var shown = FollowsUnit(dashboard) ? ShownUnit(unit, units) : "";
        return TypedResults.Ok(await reads.ReadAsync(
            (dashboard.Id, shown),
            ct => ReadDataAsync(catalog.Find(id) ?? dashboard, shown, catalog, store, sequencer, clock, query.Value, ct),
            query.Value.Timeout,
            cancellationToken));
    }

    /// <summary>Every panel's data, as one read that <see cref="DashboardReads"/> may share among the screens asking.</summary>
    private static async Task<DashboardData> ReadDataAsync(
        DashboardDefinition dashboard, string shown, DashboardCatalog catalog, IMetricStore store, ILiveSequencer sequencer, TimeProvider clock, QueryOptions query, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();

        // Before the reads: every point numbered up to here was stored before them, so it is in this answer.
        var snapshot = await SequencesAsync(sequencer, catalog, dashboard.Id, cancellationToken);

        // Panels are read side by side: a remote store answers several reads at once, and the embedded one reads
        // on pooled connections. A few at a time, so one page cannot take every connection or core.
        var read = new PanelData[dashboard.Panels.Count];
        await Parallel.ForAsync(0, read.Length, new ParallelOptions { MaxDegreeOfParallelism = PanelReadsAtOnce, CancellationToken = cancellationToken }, async (i, ct) =>
            read[i] = await PanelDataAsync(dashboard, dashboard.Panels[i], shown, now, store, query, ct));
        var panels = new Dictionary<string, PanelData>(StringComparer.Ordinal);
        for (var i = 0; i < read.Length; i++)
        {
            panels[dashboard.Panels[i].Id] = read[i];
        }

        return new DashboardData(now.ToUnixTimeMilliseconds(), snapshot?.Stream ?? sequencer.Stream, panels, snapshot?.Sequences);
    }

    /// <summary>One panel's series: the newest value of each, and the history its type draws.</summary>
    /// <summary>The dashboard's live sequences now; null if the numbering (Redis) cannot answer: the page then reads again after subscribing.</summary>
    private static async Task<Subscription?> SequencesAsync(ILiveSequencer sequencer, DashboardCatalog catalog, string dashboardId, CancellationToken cancellationToken)
    {
        try
        {
            return await sequencer.DashboardSnapshotAsync(dashboardId, key => catalog.Feeds(dashboardId, key), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<PanelData> PanelDataAsync(
        DashboardDefinition dashboard, PanelDefinition panel, string shown, DateTimeOffset now, IMetricStore store, QueryOptions query, CancellationToken cancellationToken)
    {
        // Every selector's series compete for the panel's room together: the highest latest values win.
        var matched = new List<(PanelSeries Definition, SeriesSelector Selector, IReadOnlyList<LastValue> All)>();
        foreach (var ps in panel.Series)
        {
            var selector = ps.UsesUnit ? ps.ToSelector(shown) : ps.ToSelector();
            matched.Add((ps, selector, await store.QueryLastAsync(selector, cancellationToken)));
        }

        var kept = Top(matched.SelectMany(m => m.All), panel.Options.MaxSeries);
        var series = new List<PanelSeriesData>();
        foreach (var (ps, selector, all) in matched)
        {
            IReadOnlyList<LastValue> last = [.. all.Where(kept.Contains)];
            if (last.Count == 0)
            {
                continue;
            }

            Dictionary<string, SeriesRange>? history = null;

            // Time series draw their window; a single-value stat draws it as a sparkline. Both come with the
            // first paint, so screens that may not use the query API (operators, display tokens) get them too.
            var sparkline = panel.Type == PanelTypes.Stat && panel.Series.Count == 1 && all.Count == 1;
            if (panel.Type == PanelTypes.TimeSeries || sparkline)
            {
                var (from, to) = Window(panel.Options.TimeWindow ?? dashboard.TimeWindow, now, query.MaxSpan);
                history = await HistoryAsync(store, last, all.Count, selector, sparkline, from, to, panel.Options, cancellationToken);
            }

            foreach (var value in last)
            {
                var range = history?.GetValueOrDefault(value.Series.Text);
                series.Add(new PanelSeriesData(
                    value.Series.Text,
                    value.Series.Measurement,
                    QueryApi.Tags(value.Series),
                    value.Field,
                    Label(ps, panel, value.Series),
                    new LastPoint(UnixTime.ToMilliseconds(value.Timestamp), value.Value),
                    range is null ? (history is null ? null : 0) : UnixTime.ToMilliseconds(range.BucketWidth),
                    history is null ? null : range?.Values.Select(v => new[] { UnixTime.ToMilliseconds(v.Timestamp), v.Value }).ToArray() ?? []));
            }
        }

        return new PanelData(series, matched.Sum(m => m.All.Count) - kept.Count);
    }

    /// <summary>The <paramref name="room"/> series with the highest latest values.</summary>
    private static HashSet<LastValue> Top(IEnumerable<LastValue> values, int room) =>
        [.. values.OrderByDescending(v => v.Value).ThenBy(v => v.Series.Text, StringComparer.Ordinal).Take(room)];

    /// <summary>
    /// A panel's history window ending now, no longer than a read may be (<see cref="QueryOptions.MaxSpan"/>) and
    /// never before the epoch, however long a definition asks for.
    /// </summary>
    private static (long From, long To) Window(string? text, DateTimeOffset now, TimeSpan maxSpan)
    {
        if (!DurationText.TryParse(text, out var window))
        {
            window = TimeSpan.FromHours(1);
        }

        var to = UnixTime.ToNanoseconds(now) + 1;
        var span = (long)(Math.Min(window.TotalMilliseconds, maxSpan.TotalMilliseconds) * 1_000_000);
        return (Math.Max(0, to - span), to);
    }

    /// <summary>
    /// History of the drawn series. When the panel drops some, each kept series is read alone (by its full tag set),
    /// so the cost follows what is drawn, not what the selector matches.
    /// </summary>
    private static async Task<Dictionary<string, SeriesRange>> HistoryAsync(
        IMetricStore store, IReadOnlyList<LastValue> drawn, int matched, SeriesSelector selector, bool sparkline, long from, long to, PanelOptions options, CancellationToken cancellationToken)
    {
        RangeQuery Query(SeriesSelector s) => sparkline
            ? new RangeQuery(s, from, to, SparklinePoints, Aggregation.Last)
            : new RangeQuery(s, from, to, options.MaxPoints, options.Aggregation);
        if (drawn.Count == matched)
        {
            return (await store.QueryRangeAsync(Query(selector), cancellationToken)).ToDictionary(r => r.Series.Text, StringComparer.Ordinal);
        }

        var history = new Dictionary<string, SeriesRange>(StringComparer.Ordinal);
        foreach (var value in drawn)
        {
            var exact = new SeriesSelector(selector.Measurement, QueryApi.Tags(value.Series), selector.Field);
            foreach (var range in await store.QueryRangeAsync(Query(exact), cancellationToken))
            {
                if (range.Series.Equals(value.Series))
                {
                    history[range.Series.Text] = range;
                }
            }
        }

        return history;
    }

    private static string Label(PanelSeries ps, PanelDefinition panel, SeriesKey series)
    {
        if (panel.Options.LabelTag is { } tag && series.GetTag(tag) is { } value)
        {
            return value;
        }

        return ps.Label ?? series.Text;
    }
}
