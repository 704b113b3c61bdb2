using System.Text.Json.Serialization;
using Ioc.Core.Kpis;

namespace Ioc.Core.Plans;

/// <summary>
/// A plan as written in <c>plans/&lt;id&gt;.yaml</c>: a legal document (resolution, plan, decision) with the targets
/// it sets and the tasks it assigns. <see cref="PlanLoader"/> validates it.
/// </summary>
public sealed record PlanDefinition
{
    public const string CurrentApiVersion = "ioc/v1";

    public string? ApiVersion { get; init; }

    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    /// <summary>The simulator's province code the plan belongs to (e.g. <c>HT</c>).</summary>
    public string Province { get; init; } = "";

    public LegalBasis LegalBasis { get; init; } = new();

    /// <summary>The report the seed figures come from, and which of them are illustrative.</summary>
    public string? Source { get; init; }

    public IReadOnlyList<PlanGroup> Groups { get; init; } = [];

    public IReadOnlyList<TargetDefinition> Targets { get; init; } = [];

    public IReadOnlyList<TaskDefinition> Tasks { get; init; } = [];

    [JsonIgnore]
    public string File { get; init; } = "";
}

/// <summary>The document a plan or a target comes from, e.g. Resolution <c>05-NQ/TU</c> of 2021-10-22.</summary>
public sealed record LegalBasis
{
    public string Number { get; init; } = "";

    public DateOnly? Date { get; init; }

    public string Issuer { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Url { get; init; }
}

/// <summary>A chapter of a plan: chính quyền số, kinh tế số, xã hội số…</summary>
public sealed record PlanGroup
{
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";
}

public sealed record TargetDefinition
{
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Group { get; init; }

    public KpiMeasure Kpi { get; init; } = new();

    /// <summary>Display unit: <c>%</c>, <c>điểm</c>, <c>hạng</c>, <c>tài khoản</c>…</summary>
    public string? Unit { get; init; }

    /// <summary>The administrative level the target applies to.</summary>
    public string Level { get; init; } = "province";

    public TargetBaseline? Baseline { get; init; }

    public TargetGoal Target { get; init; } = new();

    public DateOnly Deadline { get; init; }

    /// <summary>The agency answerable for it.</summary>
    public string Owner { get; init; } = "";

    /// <summary>When the target comes from another document than its plan.</summary>
    public LegalBasis? LegalBasis { get; init; }

    /// <summary>Days of daily values the trend is fitted over; 90 when absent.</summary>
    public int TrendWindow { get; init; } = TargetEvaluator.DefaultTrendWindowDays;

    /// <summary>How old a value may be and still count, e.g. <c>2d</c> or <c>900d</c> for a yearly figure; the source's own expected freshness when absent.</summary>
    public string? Freshness { get; init; }
}

public sealed record TargetBaseline
{
    public double Value { get; init; }

    public DateOnly? Date { get; init; }
}

public sealed record TargetGoal
{
    public double Value { get; init; }

    public TargetDirection Direction { get; init; } = TargetDirection.Up;
}

public enum TargetDirection
{
    /// <summary>At least the target value.</summary>
    [JsonStringEnumMemberName("up")]
    Up,

    /// <summary>At most the target value (a rank, a delay).</summary>
    [JsonStringEnumMemberName("down")]
    Down,
}

public sealed record TaskDefinition
{
    public string Id { get; init; } = "";

    public string Title { get; init; } = "";

    public string? Group { get; init; }

    public string Owner { get; init; } = "";

    public DateOnly Deadline { get; init; }

    public TaskState State { get; init; } = TaskState.NotStarted;

    public DateOnly? DoneOn { get; init; }
}

/// <summary>A task's state as reported; <see cref="PlanTaskStatus"/> adds <c>overdue</c> from the date.</summary>
public enum TaskState
{
    [JsonStringEnumMemberName("done")]
    Done,

    [JsonStringEnumMemberName("in-progress")]
    InProgress,

    [JsonStringEnumMemberName("not-started")]
    NotStarted,
}
