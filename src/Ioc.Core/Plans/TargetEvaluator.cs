namespace Ioc.Core.Plans;

/// <summary>
/// The status arithmetic of targets and tasks, from values only (no store, no clock). Rules, in order:
/// <list type="number">
/// <item><c>no-data</c>: no value within the freshness before the day asked, or (asked about now) a source behind the KPI is not fresh.</item>
/// <item><c>met</c>: the newest value reaches the target in its direction; exactly equal is met, on any day, the deadline included and after it.</item>
/// <item><c>overdue</c>: not met and the day asked is after the deadline.</item>
/// <item><c>at-risk</c>: the least-squares line through the trend window's daily values, extended to the deadline, misses the target;
/// with too little history to fit a line, when the value has moved away from the baseline.</item>
/// <item><c>on-track</c>: otherwise.</item>
/// </list>
/// </summary>
public static class TargetEvaluator
{
    public const int DefaultTrendWindowDays = 90;

    /// <summary>Fewer daily values than this in the trend window give no projection.</summary>
    public const int MinTrendPoints = 3;

    /// <param name="history">Values in time order, none after <paramref name="asOf"/>; daily values for the trend.</param>
    /// <param name="asOf">The moment asked about (now, or the end of a past day).</param>
    /// <param name="asOfDay">The day asked about, for deadlines.</param>
    /// <param name="sourcesFresh">Whether every source behind the KPI is fresh now; null for a past day, judged by <paramref name="freshFor"/> alone.</param>
    /// <param name="freshFor">How old the newest value may be at <paramref name="asOf"/>.</param>
    public static TargetEvaluation Evaluate(
        TargetDefinition target, IReadOnlyList<TimedValue> history, DateTimeOffset asOf, DateOnly asOfDay, bool? sourcesFresh, TimeSpan freshFor)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(history);
        var daysToDeadline = target.Deadline.DayNumber - asOfDay.DayNumber;
        var known = history.Where(v => v.Time <= asOf).ToList();
        var trend = known.Where(v => v.Time >= asOf.AddDays(-target.TrendWindow)).ToList();
        if (known.Count == 0)
        {
            return new TargetEvaluation(TargetStatus.NoData, null, null, null, daysToDeadline, trend);
        }

        var latest = known[^1];
        var gap = Gap(target.Target, latest.Value);
        var projection = Project(trend, target.Deadline);
        if (asOf - latest.Time > freshFor || sourcesFresh == false)
        {
            return new TargetEvaluation(TargetStatus.NoData, latest, gap, projection, daysToDeadline, trend);
        }

        var status = gap <= 0 ? TargetStatus.Met
            : daysToDeadline < 0 ? TargetStatus.Overdue
            : projection is not null ? (Gap(target.Target, projection.Value) <= 0 ? TargetStatus.OnTrack : TargetStatus.AtRisk)
            : MovedAway(target, latest.Value) ? TargetStatus.AtRisk : TargetStatus.OnTrack;
        return new TargetEvaluation(status, latest, gap, projection, daysToDeadline, trend);
    }

    /// <summary>Target minus value for <c>up</c>, value minus target for <c>down</c>: positive while short, zero or less once met.</summary>
    public static double Gap(TargetGoal goal, double value)
    {
        ArgumentNullException.ThrowIfNull(goal);
        return goal.Direction == TargetDirection.Up ? goal.Value - value : value - goal.Value;
    }

    /// <summary>The least-squares line through the values (x in days), at the end of the deadline day; null with too few distinct days.</summary>
    public static TargetProjection? Project(IReadOnlyList<TimedValue> values, DateOnly deadline)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < MinTrendPoints)
        {
            return null;
        }

        var origin = values[0].Time;
        var xs = values.Select(v => (v.Time - origin).TotalDays).ToArray();
        var ys = values.Select(v => v.Value).ToArray();
        var meanX = xs.Average();
        var meanY = ys.Average();
        double sxx = 0, sxy = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            sxx += (xs[i] - meanX) * (xs[i] - meanX);
            sxy += (xs[i] - meanX) * (ys[i] - meanY);
        }

        if (sxx < 1e-9)
        {
            return null;
        }

        var slope = sxy / sxx;
        var end = new DateTimeOffset(deadline.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var value = meanY + (slope * ((end - origin).TotalDays - meanX));
        return new TargetProjection(value, slope);
    }

    /// <summary><c>done</c> once done by the day asked; else <c>overdue</c> after the deadline; else the reported state.</summary>
    public static PlanTaskStatus Evaluate(TaskDefinition task, DateOnly asOfDay)
    {
        ArgumentNullException.ThrowIfNull(task);
        var done = task.State == TaskState.Done && (task.DoneOn is not { } on || on <= asOfDay);
        if (done)
        {
            return PlanTaskStatus.Done;
        }

        if (asOfDay > task.Deadline)
        {
            return PlanTaskStatus.Overdue;
        }

        return task.State == TaskState.NotStarted ? PlanTaskStatus.NotStarted : PlanTaskStatus.InProgress;
    }

    // With no line to extend, a value that has fallen back from the baseline (in the target's direction) is at risk.
    private static bool MovedAway(TargetDefinition target, double value) =>
        target.Baseline is { } baseline && Gap(target.Target, value) > Gap(target.Target, baseline.Value);
}
