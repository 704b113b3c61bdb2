using Ioc.Core.Dashboards;
using Ioc.Core.Plans;
using Ioc.Core.Units;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Plans;
using Ioc.Server.Features.Units;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Reports;

/// <summary>
/// The brief's figures, read the way the leaders' panels read them: the province's plans judged by the target board,
/// and each ranking panel of the leaders' dashboards ranked through the units engine (old units rolled into new ones).
/// </summary>
internal sealed class WeeklyBriefSource(
    PlanReader plans,
    UnitCatalog units,
    UnitQuery query,
    DashboardCatalog dashboards,
    IOptions<UnitsOptions> unitOptions,
    IOptions<ReportOptions> options) : IWeeklyBriefSource
{
    public const string Title = "Bản tin tuần — Chuyển đổi số";

    public async Task<WeeklyBrief> ReadAsync(DateOnly weekStart, DateOnly weekEnd, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var when = plans.Now();
        var province = units.Province(when.Day);
        var kpis = new List<BriefKpi>();
        var summaries = new List<BriefPlan>();
        foreach (var plan in plans.Plans(unitOptions.Value.Province ?? "HT"))
        {
            var detail = await plans.DetailAsync(plan, when, null, cancellationToken);
            var basis = Basis(plan.LegalBasis);
            summaries.Add(new BriefPlan(
                plan.Title, basis, detail.Plan.Targets.Total, detail.Plan.Targets.Met, detail.Plan.Targets.AtRisk, detail.Plan.Targets.Overdue,
                detail.Plan.Tasks.Total, detail.Plan.Tasks.Done, detail.Plan.Tasks.InProgress, detail.Plan.Tasks.Overdue));
            kpis.AddRange(detail.Targets.Select(t => Kpi(t, plan)));
        }

        var attention = kpis.Where(k => k.Status is "at-risk" or "overdue").OrderBy(k => k.Status == "overdue" ? 0 : 1).ThenBy(k => k.Deadline).ToList();
        var rankings = new List<BriefRanking>();
        foreach (var panel in dashboards.All.Where(d => d.Audience == DashboardDefinition.LeadersAudience)
                     .SelectMany(d => d.Panels).Where(p => p.Type == PanelTypes.Ranking && p.Options.Measure is not null)
                     .DistinctBy(p => p.Title))
        {
            rankings.Add(await RankAsync(panel, province?.Code, when.Day, cancellationToken));
        }

        return new WeeklyBrief(Title, province?.Name ?? "", weekStart, weekEnd, asOf, options.Value.TimeZone, kpis, summaries, attention, rankings);
    }

    private async Task<BriefRanking> RankAsync(PanelDefinition panel, string? parent, DateOnly day, CancellationToken cancellationToken)
    {
        var level = Enum.TryParse<UnitLevel>(panel.Options.Level, ignoreCase: true, out var parsed) ? parsed : UnitLevel.Commune;
        var rows = (await query.RunAsync(panel.Options.Measure!, level, parent, day, null, cancellationToken))
            .Where(v => v.Value is not null)
            .OrderBy(v => panel.Options.TargetDirection == "down" ? v.Value : -v.Value)
            .Select((v, i) => new BriefUnitValue(i + 1, v.Unit.Code, v.Unit.Name, v.Value!.Value))
            .ToList();
        var count = Math.Min(options.Value.RankingRows, rows.Count / 2);
        return new BriefRanking(panel.Title, panel.Options.Unit ?? "", panel.Options.Decimals ?? 1, rows.Take(count).ToList(), rows.TakeLast(count).Reverse().ToList(), rows.Count);
    }

    private static BriefKpi Kpi(TargetView target, PlanDefinition plan) => new(
        plan.Id,
        target.Title,
        target.Value,
        target.ValueTime is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : null,
        target.Unit ?? "",
        target.Target.Value,
        target.Target.Direction == TargetDirection.Down ? "down" : "up",
        target.Gap,
        target.Projection?.Value,
        Status(target.Status),
        target.Deadline,
        target.DaysToDeadline,
        target.Owner,
        Basis(target.LegalBasis),
        [.. target.Trend.Select(p => p[1])]);

    private static string Status(TargetStatus status) => status switch
    {
        TargetStatus.Met => "met",
        TargetStatus.OnTrack => "on-track",
        TargetStatus.AtRisk => "at-risk",
        TargetStatus.Overdue => "overdue",
        _ => "no-data",
    };

    private static string Basis(LegalBasis basis) =>
        string.Join(", ", new[] { basis.Number, basis.Issuer, basis.Date?.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture) }.Where(s => !string.IsNullOrEmpty(s)));
}
