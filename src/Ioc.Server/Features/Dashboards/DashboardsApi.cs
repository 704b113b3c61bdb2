using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Metrics;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Ioc.Core.Storage;
using Ioc.Server.Access;
using Ioc.Server.Features.Query;
using Ioc.Server.Live;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Dashboards;

public sealed record DashboardSummary(string Id, string Title, string? Description);

public sealed record PanelSeriesData(string Key, string Measurement, IReadOnlyDictionary<string, string> Tags, string Field, string Label, LastPoint? Last, double? BucketMs, IReadOnlyList<double[]>? Points);

public sealed record LastPoint(double Time, double Value);

public sealed record PanelData(IReadOnlyList<PanelSeriesData> Series);

public sealed record DashboardData(double ServerTime, string Stream, IReadOnlyDictionary<string, PanelData> Panels);

/// <summary>Dashboard definitions, the data to paint them, and the wall pages.</summary>
internal static class DashboardsApi
{
    /// <summary>Points of a stat tile's sparkline (wwwroot/js/panel-stat.js draws them).</summary>
    public const int SparklinePoints = 60;

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

        app.MapGet("/", (DashboardCatalog catalog, ClaimsPrincipal user, HttpRequest request) =>
            catalog.All.FirstOrDefault(user.CanView) is { } first
                ? TypedResults.Redirect($"{request.PathBase}/d/{first.Id}")
                : TypedResults.Redirect($"{request.PathBase}/d"))
            .RequireAuthorization(IocClaims.Policies.Person);
        app.MapGet("/d", (DashboardCatalog catalog, ClaimsPrincipal user, HttpRequest request) =>
            TypedResults.Content(DashboardIndexPage.Render([.. catalog.All.Where(user.CanView)], request.PathBase), "text/html; charset=utf-8"))
            .RequireAuthorization(IocClaims.Policies.Person);
        app.MapGet("/d/{id}", Results<ContentHttpResult, NotFound, ForbidHttpResult> (string id, DashboardCatalog catalog, ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery) =>
            catalog.Find(id) is not { } d ? TypedResults.NotFound()
            : user.CanView(d) ? TypedResults.Content(DashboardPage.Render(d, http.Request.PathBase, SignOutForm(user, http, antiforgery)), "text/html; charset=utf-8")
            : TypedResults.Forbid())
            .RequireAuthorization(IocClaims.Policies.Viewer);
        return app;
    }

    private static (string, string, string)? SignOutForm(ClaimsPrincipal user, HttpContext http, IAntiforgery antiforgery)
    {
        if (!user.IsPerson() || user.Identity?.Name is not { } name)
        {
            return null;
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        return (name, tokens.FormFieldName, tokens.RequestToken!);
    }

    internal static async Task<Results<Ok<DashboardData>, NotFound, ForbidHttpResult>> DataAsync(
        string id, DashboardCatalog catalog, IMetricStore store, LiveSequencer sequencer, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } dashboard)
        {
            return TypedResults.NotFound();
        }

        if (!user.CanView(dashboard))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow();
        var panels = new Dictionary<string, PanelData>(StringComparer.Ordinal);
        foreach (var panel in dashboard.Panels)
        {
            var series = new List<PanelSeriesData>();
            foreach (var ps in panel.Series)
            {
                var selector = ps.ToSelector();
                var last = await store.QueryLastAsync(selector, cancellationToken);
                Dictionary<string, SeriesRange>? history = null;

                // Time series draw their window; a single-value stat draws it as a sparkline. Both come with the
                // first paint, so screens that may not use the query API (operators, display tokens) get them too.
                var sparkline = panel.Type == PanelTypes.Stat && panel.Series.Count == 1 && last.Count == 1;
                if (panel.Type == PanelTypes.TimeSeries || sparkline)
                {
                    if (!DurationText.TryParse(panel.Options.TimeWindow ?? dashboard.TimeWindow, out var window))
                    {
                        window = TimeSpan.FromHours(1);
                    }

                    var to = UnixTime.ToNanoseconds(now) + 1;
                    var from = to - (long)(window.TotalMilliseconds * 1_000_000);
                    var ranges = await store.QueryRangeAsync(
                        sparkline ? new RangeQuery(selector, from, to, SparklinePoints, Aggregation.Last) : new RangeQuery(selector, from, to, panel.Options.MaxPoints, panel.Options.Aggregation),
                        cancellationToken);
                    history = ranges.ToDictionary(r => r.Series.Text, StringComparer.Ordinal);
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

            panels[panel.Id] = new PanelData(series);
        }

        return TypedResults.Ok(new DashboardData(now.ToUnixTimeMilliseconds(), sequencer.Stream, panels));
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
