using System.Text.Json.Serialization;

namespace Ioc.Core.Plans;

/// <summary>Exactly one of these describes a target on a given day; see <see cref="TargetEvaluator"/>.</summary>
public enum TargetStatus
{
    [JsonStringEnumMemberName("met")]
    Met,

    [JsonStringEnumMemberName("on-track")]
    OnTrack,

    [JsonStringEnumMemberName("at-risk")]
    AtRisk,

    [JsonStringEnumMemberName("overdue")]
    Overdue,

    [JsonStringEnumMemberName("no-data")]
    NoData,
}

/// <summary>A task's status on a given day: its reported state, or <c>overdue</c> when not done by its deadline.</summary>
public enum PlanTaskStatus
{
    [JsonStringEnumMemberName("done")]
    Done,

    [JsonStringEnumMemberName("in-progress")]
    InProgress,

    [JsonStringEnumMemberName("not-started")]
    NotStarted,

    [JsonStringEnumMemberName("overdue")]
    Overdue,
}

/// <summary>A value of a target's KPI at a time (for daily history, the day's last value).</summary>
public readonly record struct TimedValue(DateTimeOffset Time, double Value);

/// <summary>The least-squares line through the trend window, extended to the deadline.</summary>
/// <param name="Value">The line's value at the end of the deadline day.</param>
/// <param name="SlopePerDay">Change per day.</param>
public sealed record TargetProjection(double Value, double SlopePerDay);

/// <param name="Value">The newest value at or before the day asked, if any (also shown with <c>no-data</c> when the source is not fresh).</param>
/// <param name="Gap">How far the value still is from the target, positive while short of it, in the target's direction.</param>
/// <param name="Projection">Null when fewer than <see cref="TargetEvaluator.MinTrendPoints"/> days of values lie in the trend window.</param>
public sealed record TargetEvaluation(
    TargetStatus Status,
    TimedValue? Value,
    double? Gap,
    TargetProjection? Projection,
    int DaysToDeadline,
    IReadOnlyList<TimedValue> Trend);
