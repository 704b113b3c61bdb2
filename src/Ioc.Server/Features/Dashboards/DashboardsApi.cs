using Ioc.Core.Collecting;
using Ioc.Core.Dashboards;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
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
    public static IEndpointRouteBuilder MapDashboardsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dashboards").WithTags("Dashboards");
        api.MapGet("/", (DashboardCatalog catalog) => TypedResults.Ok(catalog.All.Select(d => new DashboardSummary(d.Id, d.Title, d.Description))));
        api.MapGet("/{id}", Results<Ok<DashboardDefinition>, NotFound> (string id, DashboardCatalog catalog) =>
            catalog.Find(id) is { } d ? TypedResults.Ok(d) : TypedResults.NotFound());
        api.MapGet("/{id}/data", DataAsync);

        app.MapGet("/", (HttpRequest request) => TypedResults.Redirect($"{request.PathBase}/d/operations-wall"));
        app.MapGet("/d", (DashboardCatalog catalog, HttpRequest request) => TypedResults.Content(DashboardIndexPage.Render(catalog.All, request.PathBase), "text/html; charset=utf-8"));
        app.MapGet("/d/{id}", Results<ContentHttpResult, NotFound> (string id, DashboardCatalog catalog, HttpRequest request) =>
            catalog.Find(id) is { } d
                ? TypedResults.Content(DashboardPage.Render(d, request.PathBase), "text/html; charset=utf-8")
                : TypedResults.NotFound());
        return app;
    }

    internal static async Task<Results<Ok<DashboardData>, NotFound>> DataAsync(
        string id, DashboardCatalog catalog, IMetricStore store, LiveSequencer sequencer, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (catalog.Find(id) is not { } dashboard)
        {
            return TypedResults.NotFound();
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
                if (panel.Type == PanelTypes.TimeSeries)
                {
                    if (!DurationText.TryParse(panel.Options.TimeWindow ?? dashboard.TimeWindow, out var window))
                    {
                        window = TimeSpan.FromHours(1);
                    }

                    var to = UnixTime.ToNanoseconds(now) + 1;
                    var from = to - (long)(window.TotalMilliseconds * 1_000_000);
                    var ranges = await store.QueryRangeAsync(new RangeQuery(selector, from, to, panel.Options.MaxPoints, panel.Options.Aggregation), cancellationToken);
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
