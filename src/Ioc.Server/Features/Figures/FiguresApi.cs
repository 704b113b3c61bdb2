using System.Security.Claims;
using Ioc.Core.Dashboards;
using Ioc.Core.Kpis;
using Ioc.Server.Access;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Query;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ioc.Server.Features.Figures;

/// <param name="From">Unix milliseconds, the period's start.</param>
/// <param name="To">Unix milliseconds, the same day of the period as now.</param>
public sealed record PeriodFigure(double From, double To, int Year, int? Quarter, double? Value);

/// <param name="Periods"><c>quarter</c> or <c>year-over-year</c>.</param>
/// <param name="ChangePercent">The change against the earlier value, in percent; none when that is zero or missing.</param>
/// <param name="Measure">What was measured, so a number can be traced (POST /api/v1/provenance).</param>
public sealed record ComparisonFigures(double ServerTime, string Periods, PeriodFigure Current, PeriodFigure Previous, double? Change, double? ChangePercent, KpiMeasure Measure);

/// <param name="Key">The value of the tag the measure is split by (e.g. a sector's code).</param>
/// <param name="Time">Unix milliseconds of the newest point behind it.</param>
public sealed record BreakdownItem(string Key, string Label, double? Value, double Time);

/// <param name="Overall">The measure over every item (a ratio of the sums); none for a value that does not add up.</param>
public sealed record BreakdownFigures(double ServerTime, string By, IReadOnlyList<BreakdownItem> Items, double? Overall, KpiMeasure Measure);

/// <summary>The figures of comparison and breakdown panels, for whoever may open the panel's dashboard.</summary>
internal static class FiguresApi
{
    public static IServiceCollection AddFigures(this IServiceCollection services) => services.AddSingleton<MeasureReader>();

    public static IEndpointRouteBuilder MapFiguresApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/dashboards/{id}/panels/{panelId}").WithTags("Dashboards").RequireAuthorization(IocClaims.Policies.Viewer);
        api.MapGet("/comparison", ComparisonAsync).WithReadBudget();
        api.MapGet("/breakdown", BreakdownAsync).WithReadBudget();
        return app;
    }

    internal static async Task<Results<Ok<ComparisonFigures>, NotFound, ForbidHttpResult>> ComparisonAsync(
        string id, string panelId, DashboardCatalog catalog, MeasureReader reader, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Find(catalog, user, id, panelId, PanelTypes.Comparison) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (found.Dashboard is null)
        {
            return TypedResults.Forbid();
        }

        var (dashboard, panel, measure) = (found.Dashboard, found.Panel, found.Measure);
        // The loader refused any other name; quarter is only a fallback for a definition built in code.
        var periods = ComparisonPeriods.TryParse(panel.Options.Periods, out var named) ? named : ComparisonPeriod.Quarter;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(dashboard.TimeZone);
        var now = clock.GetUtcNow();
        var (current, previous) = ComparisonPeriods.Of(periods, now, zone);
        var aggregation = panel.Options.Aggregation;
        var thisValue = await reader.SpanValueAsync(measure, current, zone, aggregation, cancellationToken);
        var lastValue = await reader.SpanValueAsync(measure, previous, zone, aggregation, cancellationToken);
        double? change = thisValue is { } a && lastValue is { } b ? a - b : null;
        double? percent = change is { } c && lastValue is { } l && l != 0 ? 100 * c / Math.Abs(l) : null;
        return TypedResults.Ok(new ComparisonFigures(
            now.ToUnixTimeMilliseconds(), panel.Options.Periods!, Figure(current, thisValue), Figure(previous, lastValue), change, percent, measure));
    }

    internal static async Task<Results<Ok<BreakdownFigures>, NotFound, ForbidHttpResult>> BreakdownAsync(
        string id, string panelId, DashboardCatalog catalog, MeasureReader reader, TimeProvider clock, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (Find(catalog, user, id, panelId, PanelTypes.Breakdown) is not { } found)
        {
            return TypedResults.NotFound();
        }

        if (found.Dashboard is null)
        {
            return TypedResults.Forbid();
        }

        var (panel, measure) = (found.Panel, found.Measure);
        var by = panel.Options.By!;
        var labelTag = panel.Options.LabelTag ?? by + "_name";
        var items = new List<BreakdownItem>();
        double? overall;
        if (measure.IsRatio)
        {
            var numerators = await reader.SplitAsync(measure.Numerator!, by, cancellationToken);
            var denominators = await reader.SplitAsync(measure.Denominator!, by, cancellationToken);
            foreach (var (key, den) in denominators)
            {
                var num = numerators.GetValueOrDefault(key);
                items.Add(new BreakdownItem(key, den.Series.GetTag(labelTag) ?? key, measure.Compute(num?.Sum ?? 0, den.Sum), Math.Max(num?.Time ?? 0, den.Time)));
            }

            overall = denominators.Count == 0 ? null : measure.Compute(numerators.Where(n => denominators.ContainsKey(n.Key)).Sum(n => n.Value.Sum), denominators.Values.Sum(d => d.Sum));
        }
        else
        {
            var split = await reader.SplitAsync(measure.Series!, by, cancellationToken);
            items.AddRange(split.Select(s => new BreakdownItem(s.Key, s.Value.Series.GetTag(labelTag) ?? s.Key, s.Value.Sum, s.Value.Time)));
            overall = split.Count > 0 && measure.RollUp == MeasureRollUp.Sum ? split.Values.Sum(s => s.Sum) : null;
        }

        var lowerIsBetter = panel.Options.TargetDirection == "down";
        var sorted = items.OrderBy(i => lowerIsBetter ? i.Value ?? double.MaxValue : -(i.Value ?? double.MinValue)).ThenBy(i => i.Label, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new BreakdownFigures(clock.GetUtcNow().ToUnixTimeMilliseconds(), by, sorted, overall, measure));
    }

    private static PeriodFigure Figure(PeriodSpan span, double? value) =>
        new(span.Start.ToUnixTimeMilliseconds(), span.End.ToUnixTimeMilliseconds(), span.Year, span.Quarter, value);

    /// <summary>The panel of that type and its measure; a null dashboard when the caller may not open it.</summary>
    private static (DashboardDefinition? Dashboard, PanelDefinition Panel, KpiMeasure Measure)? Find(
        DashboardCatalog catalog, ClaimsPrincipal user, string id, string panelId, string type)
    {
        if (catalog.Find(id) is not { } dashboard
            || dashboard.Panels.FirstOrDefault(p => p.Id == panelId && p.Type == type) is not { } panel
            || PanelMeasures.Of(panel) is not { } measure)
        {
            return null;
        }

        return (user.CanView(dashboard) ? dashboard : null, panel, measure);
    }
}
