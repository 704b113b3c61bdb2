using Ioc.Core.Collecting;
using Ioc.Core.Plans;
using Ioc.Server.Features.Sources;

namespace Ioc.Server.Features.Plans;

/// <summary>Reads and judges a plan's targets and tasks (<see cref="TargetEvaluator"/>) from the metric store and the source board.</summary>
internal sealed class TargetBoard(KpiHistory history, SourceBoard sources)
{
    /// <summary>Used when a target names no freshness and no source is known.</summary>
    public static readonly TimeSpan DefaultFreshness = TimeSpan.FromDays(2);

    public async Task<IReadOnlyList<TargetView>> TargetsAsync(PlanDefinition plan, AsOf asOf, string? unit, CancellationToken cancellationToken)
    {
        var measurements = plan.Targets.SelectMany(t => t.Kpi.Parts()).Select(p => p.Measurement).ToHashSet(StringComparer.Ordinal);
        var writing = await sources.WritingAsync(measurements, cancellationToken);
        var views = new List<TargetView>(plan.Targets.Count);
        foreach (var target in plan.Targets)
        {
            views.Add(await TargetAsync(plan, target, writing, asOf, unit, cancellationToken));
        }

        return views;
    }

    public static IReadOnlyList<TaskView> Tasks(PlanDefinition plan, DateOnly day) =>
        [.. plan.Tasks.Select(t => new TaskView(plan.Id, t.Id, t.Title, t.Group, t.Owner, t.Deadline, t.State, t.DoneOn, TargetEvaluator.Evaluate(t, day)))];

    public static TargetCounts Count(IEnumerable<TargetView> targets)
    {
        var list = targets.ToList();
        int Of(TargetStatus s) => list.Count(t => t.Status == s);
        return new TargetCounts(list.Count, Of(TargetStatus.Met), Of(TargetStatus.OnTrack), Of(TargetStatus.AtRisk), Of(TargetStatus.Overdue), Of(TargetStatus.NoData));
    }

    public static TaskCounts Count(IEnumerable<TaskView> tasks)
    {
        var list = tasks.ToList();
        int Of(PlanTaskStatus s) => list.Count(t => t.Status == s);
        return new TaskCounts(list.Count, Of(PlanTaskStatus.Done), Of(PlanTaskStatus.InProgress), Of(PlanTaskStatus.NotStarted), Of(PlanTaskStatus.Overdue));
    }

    private async Task<TargetView> TargetAsync(
        PlanDefinition plan, TargetDefinition target, IReadOnlyList<SourceView> writing, AsOf asOf, string? unit, CancellationToken cancellationToken)
    {
        var own = target.Kpi.Parts().Select(p => p.Measurement).ToHashSet(StringComparer.Ordinal);
        var behind = writing.Where(s => s.Measurements.Any(own.Contains)).ToList();
        var freshFor = target.Freshness is { } text && DurationText.TryParse(text, out var given) ? given
            : behind.Count > 0 ? TimeSpan.FromSeconds(behind.Max(s => s.ExpectedFreshnessSeconds))
            : DefaultFreshness;

        // Daily values stand for their whole day: a past day's value counts while its day is within the freshness.
        var days = Math.Min(1100, Math.Max(target.TrendWindow, (int)Math.Ceiling(freshFor.TotalDays) + 1));
        var values = await history.DailyAsync(target.Kpi, unit, asOf.Time, days, cancellationToken);
        bool? fresh = null;
        if (asOf.Now)
        {
            // Now, the newest value is the exact last point, and the sources must be fresh.
            if (await history.LastAsync(target.Kpi, unit, cancellationToken) is { } last)
            {
                values.RemoveAll(v => v.Time >= last.Time.AddTicks(-(last.Time.UtcTicks % TimeSpan.TicksPerDay)));
                values.Add(last);
            }

            fresh = behind.Count > 0 && behind.All(s => s.State == SourceState.Fresh);
        }
        else
        {
            freshFor += TimeSpan.FromDays(1);
        }

        var judged = TargetEvaluator.Evaluate(target, values, asOf.Time, asOf.Day, fresh, freshFor);
        return new TargetView(
            plan.Id,
            target.Id,
            target.Title,
            target.Group,
            judged.Status,
            judged.Value?.Value,
            judged.Value?.Time.ToUnixTimeMilliseconds(),
            judged.Gap,
            judged.Projection,
            [.. judged.Trend.Select(v => new[] { v.Time.ToUnixTimeMilliseconds(), v.Value })],
            judged.DaysToDeadline,
            target.Deadline,
            target.Baseline,
            target.Target,
            target.Unit,
            target.Level,
            target.Owner,
            target.LegalBasis ?? plan.LegalBasis,
            [.. behind.Select(s => new TargetSource(s.Source, s.Name, s.State, s.LastSuccess?.ToUnixTimeMilliseconds()))],
            target.Kpi);
    }
}
