using Ioc.Core.Kpis;

namespace Ioc.Core.Dashboards;

/// <summary>Validation of the leaders' panel types: measures (comparison, breakdown, ranking) and plan panels (kpi, plan-progress).</summary>
public static partial class DashboardLoader
{
    /// <summary>Comparison and breakdown panels read one measure: <c>options.measure</c>, or the panel's one series.</summary>
    private static IEnumerable<string> ValidateMeasurePanel(PanelDefinition p)
    {
        var o = p.Options;
        var measured = p.Type is PanelTypes.Comparison or PanelTypes.Breakdown;
        if (!measured)
        {
            if (o.Measure is not null && p.Type != PanelTypes.Ranking)
            {
                yield return "options.measure: belongs to ranking, comparison and breakdown panels";
            }

            if (o.Periods is not null || o.By is not null)
            {
                yield return "options: periods and by belong to comparison and breakdown panels";
            }

            yield break;
        }

        if (o.Measure is { } measure)
        {
            if (p.Series.Count > 0)
            {
                yield return "series: give options.measure or one series, not both";
            }

            foreach (var (path, message) in measure.Validate("options.measure"))
            {
                yield return $"{path}: {message}";
            }
        }
        else if (p.Series.Count > 1)
        {
            yield return $"series: a {p.Type} panel reads one series (or options.measure), not {p.Series.Count}";
        }

        if (p.Type == PanelTypes.Comparison && !ComparisonPeriods.TryParse(o.Periods, out _))
        {
            yield return $"options.periods: '{o.Periods}' must be 'quarter' (this quarter to date against the same span of the last) or 'year-over-year'";
        }

        if (p.Type == PanelTypes.Breakdown && string.IsNullOrWhiteSpace(o.By))
        {
            yield return "options.by: required for breakdown panels (the tag that splits the measure, e.g. sector)";
        }

        if (p.Type == PanelTypes.Comparison && o.By is not null)
        {
            yield return "options.by: belongs to breakdown panels";
        }

        if (p.Type == PanelTypes.Breakdown && o.Periods is not null)
        {
            yield return "options.periods: belongs to comparison panels";
        }
    }

    // Plans are for leaders and admins: an operator's wall could not read them.
    private static IEnumerable<string> ValidatePlanPanel(PanelDefinition p, string audience)
    {
        if (!PanelTypes.DrawsPlans(p.Type))
        {
            if (p.Target is not null || p.Plan is not null)
            {
                yield return $"{(p.Target is not null ? "target" : "plan")}: only kpi and plan-progress panels name a plan or target";
            }

            yield break;
        }

        if (p.Series.Count > 0)
        {
            yield return $"series: a {p.Type} panel draws its plan's KPIs; leave series out";
        }

        if (p.Type == PanelTypes.Kpi && string.IsNullOrWhiteSpace(p.Target))
        {
            yield return "target: required for kpi panels (plan-id/target-id)";
        }

        if (p.Type == PanelTypes.PlanProgress && string.IsNullOrWhiteSpace(p.Plan))
        {
            yield return "plan: required for plan-progress panels (the plan's id)";
        }

        if (audience != DashboardDefinition.LeadersAudience)
        {
            yield return $"type: {p.Type} panels show plans, which only leaders and admins read; use them on a dashboard with audience 'leaders'";
        }
    }

    private static IEnumerable<string> ValidateRanking(PanelOptions o)
    {
        if (o.Measure is null)
        {
            yield return "options.measure: required for ranking panels: { series: {measurement, tags, field} } or { numerator, denominator, scale }";
            yield break;
        }

        foreach (var (path, message) in o.Measure.Validate("options.measure"))
        {
            yield return $"{path}: {message}";
        }

        if (!o.Measure.CanRollUp)
        {
            yield return "options.measure.rollUp: none cannot rank units built from old ones; give a numerator and a denominator";
        }

        if (o.Level is not ("province" or "district" or "commune"))
        {
            yield return $"options.level: '{o.Level}' must be province, district or commune";
        }
    }
}
