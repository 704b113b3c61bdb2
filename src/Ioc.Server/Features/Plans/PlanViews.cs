using Ioc.Core.Kpis;
using System.Text.Json.Serialization;
using Ioc.Core.Collecting;
using Ioc.Core.Plans;

namespace Ioc.Server.Features.Plans;

/// <summary>A source behind a target's KPI: <c>collector:&lt;id&gt;</c> or <c>key:&lt;id&gt;</c>, its name and state now.</summary>
public sealed record TargetSource(string Source, string Name, SourceState State, double? LastSuccess);

/// <param name="Value">The newest value at or before the day asked; null when there is none.</param>
/// <param name="ValueTime">Server milliseconds of that value (for a past day, the start of the day it was the last value of).</param>
/// <param name="Trend">The daily values of the trend window, <c>[ms, value]</c>, oldest first.</param>
/// <param name="DaysToDeadline">Negative once the deadline has passed.</param>
public sealed record TargetView(
    string Plan,
    string Id,
    string Title,
    string? Group,
    TargetStatus Status,
    double? Value,
    double? ValueTime,
    double? Gap,
    TargetProjection? Projection,
    IReadOnlyList<double[]> Trend,
    int DaysToDeadline,
    DateOnly Deadline,
    TargetBaseline? Baseline,
    TargetGoal Target,
    string? Unit,
    string Level,
    string Owner,
    LegalBasis LegalBasis,
    IReadOnlyList<TargetSource> Sources,
    KpiMeasure Kpi);

public sealed record TaskView(string Plan, string Id, string Title, string? Group, string Owner, DateOnly Deadline, TaskState State, DateOnly? DoneOn, PlanTaskStatus Status);

public sealed record TargetCounts(
    int Total,
    int Met,
    [property: JsonPropertyName("on-track")] int OnTrack,
    [property: JsonPropertyName("at-risk")] int AtRisk,
    int Overdue,
    [property: JsonPropertyName("no-data")] int NoData);

public sealed record TaskCounts(
    int Total,
    int Done,
    [property: JsonPropertyName("in-progress")] int InProgress,
    [property: JsonPropertyName("not-started")] int NotStarted,
    int Overdue);

public sealed record GroupSummary(string Id, string Title, TargetCounts Targets, TaskCounts Tasks);

/// <param name="Targets">Counts per status: <c>met</c> of <c>total</c> is the "8/19 đạt" of the reports.</param>
public sealed record PlanSummary(
    string Id,
    string Title,
    string Province,
    LegalBasis LegalBasis,
    string? Source,
    DateOnly AsOf,
    TargetCounts Targets,
    TaskCounts Tasks,
    IReadOnlyList<GroupSummary> Groups);

public sealed record PlanDetail(PlanSummary Plan, IReadOnlyList<TargetView> Targets, IReadOnlyList<TaskView> Tasks);

public sealed record TargetList(double ServerTime, DateOnly AsOf, string? Unit, IReadOnlyList<TargetView> Targets);

/// <summary>A 404's body saying which parameter named nothing.</summary>
public sealed record ProblemDetailsText(string Detail);
