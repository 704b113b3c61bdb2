namespace Ioc.Server.Features.Reports;

/// <summary>What the leaders' weekly brief says: the figures are fixed when it is built, so the PDF, the HTML and the e-mail agree.</summary>
/// <param name="WeekStart">Monday of the week reported on, in the province's calendar.</param>
/// <param name="WeekEnd">Its Sunday.</param>
/// <param name="AsOf">The instant the figures were read.</param>
internal sealed record WeeklyBrief(
    string Title,
    string Province,
    DateOnly WeekStart,
    DateOnly WeekEnd,
    DateTimeOffset AsOf,
    string TimeZone,
    IReadOnlyList<BriefKpi> Kpis,
    IReadOnlyList<BriefPlan> Plans,
    IReadOnlyList<BriefKpi> NeedAttention,
    IReadOnlyList<BriefRanking> Rankings);

/// <summary>One plan target as its KPI card shows it.</summary>
/// <param name="Status">One of <c>met</c>, <c>on-track</c>, <c>at-risk</c>, <c>overdue</c>, <c>no-data</c>.</param>
/// <param name="Gap">How far the value is from the target, in the target's direction (positive: still to go).</param>
/// <param name="Trend">Recent daily values, oldest first, for the sparkline.</param>
internal sealed record BriefKpi(
    string Plan,
    string Title,
    double? Value,
    DateTimeOffset? ValueTime,
    string Unit,
    double Target,
    string Direction,
    double? Gap,
    double? Projection,
    string Status,
    DateOnly Deadline,
    int DaysToDeadline,
    string Owner,
    string LegalBasis,
    IReadOnlyList<double> Trend);

/// <summary>A plan's progress: targets and tasks per status.</summary>
internal sealed record BriefPlan(
    string Title,
    string LegalBasis,
    int Targets,
    int TargetsMet,
    int TargetsAtRisk,
    int TargetsOverdue,
    int Tasks,
    int TasksDone,
    int TasksInProgress,
    int TasksOverdue);

/// <summary>Units ranked on one measure: the best and the worst few.</summary>
internal sealed record BriefRanking(string Title, string Unit, int Decimals, IReadOnlyList<BriefUnitValue> Top, IReadOnlyList<BriefUnitValue> Bottom, int Units);

internal sealed record BriefUnitValue(int Rank, string Code, string Name, double Value);
