using Ioc.Core.Kpis;
using Ioc.Core.Plans;

namespace Ioc.Core.Tests.Plans;

public class TargetEvaluatorTests
{
    private static readonly DateOnly Deadline = new(2025, 12, 31);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private static TargetDefinition Target(double goal = 80, TargetDirection direction = TargetDirection.Up, double? baseline = 50) => new()
    {
        Id = "ho-so-truc-tuyen",
        Title = "Tỷ lệ hồ sơ trực tuyến",
        Kpi = new KpiMeasure { Series = new MeasureSeries { Measurement = "dvc_records", Field = "online_rate" }, RollUp = MeasureRollUp.None },
        Baseline = baseline is { } b ? new TargetBaseline { Value = b, Date = new DateOnly(2021, 12, 31) } : null,
        Target = new TargetGoal { Value = goal, Direction = direction },
        Deadline = Deadline,
        Owner = "Văn phòng UBND tỉnh",
    };

    private static DateTimeOffset EndOf(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Daily values ending on <paramref name="last"/>, starting at <paramref name="first"/> and changing by <paramref name="step"/> a day.</summary>
    private static List<TimedValue> Daily(DateOnly last, int days, double first, double step) =>
        [.. Enumerable.Range(0, days).Select(i => new TimedValue(
            new DateTimeOffset(last.AddDays(i - days + 1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), first + (i * step)))];

    private static TargetEvaluation Judge(TargetDefinition target, List<TimedValue> values, DateOnly day, bool? fresh = null) =>
        TargetEvaluator.Evaluate(target, values, EndOf(day), day, fresh, Day + Day);

    [Fact]
    public void Evaluate_IsMet_WhenTheValueEqualsTheTargetExactlyOnTheDeadline()
    {
        var values = Daily(Deadline, 30, 77.1, 0.1); // 77.1 … 80.0
        values[^1] = values[^1] with { Value = 80 };

        var judged = Judge(Target(), values, Deadline);

        Assert.Equal(TargetStatus.Met, judged.Status);
        Assert.Equal(0, judged.DaysToDeadline);
        Assert.Equal(0, judged.Gap);
    }

    [Fact]
    public void Evaluate_StaysMetAfterTheDeadline_WhileTheValueHolds()
    {
        var day = Deadline.AddDays(40);
        var judged = Judge(Target(), Daily(day, 30, 81, 0), day);

        Assert.Equal(TargetStatus.Met, judged.Status);
        Assert.Equal(-40, judged.DaysToDeadline);
        Assert.Equal(-1, judged.Gap!.Value, 9);
    }

    [Fact]
    public void Evaluate_IsOverdue_WhenTheDeadlineHasPassedUnmet()
    {
        var day = Deadline.AddDays(1);
        var judged = Judge(Target(), Daily(day, 30, 70, 0.2), day);

        Assert.Equal(TargetStatus.Overdue, judged.Status);
        Assert.Equal(-1, judged.DaysToDeadline);
        Assert.True(judged.Gap > 0);
    }

    [Fact]
    public void Evaluate_IsAtRisk_WhenAFallingTrendMissesTheTargetByTheDeadline()
    {
        var day = new DateOnly(2025, 6, 30);
        var judged = Judge(Target(), Daily(day, 90, 75, -0.02), day);

        Assert.Equal(TargetStatus.AtRisk, judged.Status);
        Assert.NotNull(judged.Projection);
        Assert.Equal(-0.02, judged.Projection!.SlopePerDay, 6);
        Assert.True(judged.Projection.Value < 75);
    }

    [Fact]
    public void Evaluate_IsOnTrack_WhenTheRisingTrendReachesTheTargetByTheDeadline()
    {
        var day = new DateOnly(2025, 6, 30);
        // From 72, 185 days to the end of the deadline day at 0.05 a day: the line ends above 80.
        var judged = Judge(Target(), Daily(day, 90, 67.55, 0.05), day);

        Assert.Equal(TargetStatus.OnTrack, judged.Status);
        Assert.Equal(184, judged.DaysToDeadline);
        Assert.Equal(72 + (0.05 * 185), judged.Projection!.Value, 6); // to the end of the deadline day
    }

    [Fact]
    public void Evaluate_HasNoData_WhenThereIsNoValue()
    {
        var judged = Judge(Target(), [], new DateOnly(2025, 6, 30));

        Assert.Equal(TargetStatus.NoData, judged.Status);
        Assert.Null(judged.Value);
        Assert.Null(judged.Gap);
    }

    [Fact]
    public void Evaluate_HasNoData_WhenTheNewestValueIsOlderThanItsFreshness()
    {
        var day = new DateOnly(2025, 6, 30);
        var judged = Judge(Target(), Daily(day.AddDays(-5), 30, 85, 0), day);

        Assert.Equal(TargetStatus.NoData, judged.Status);
        Assert.Equal(85, judged.Value!.Value.Value); // still shown, with its time, never as current
    }

    [Fact]
    public void Evaluate_HasNoData_WhenItsSourceIsNotFreshNow_EvenIfTheValueMeetsTheTarget()
    {
        var day = new DateOnly(2025, 6, 30);
        var judged = Judge(Target(), Daily(day, 30, 90, 0), day, fresh: false);

        Assert.Equal(TargetStatus.NoData, judged.Status);
    }

    [Fact]
    public void Evaluate_IgnoresValuesAfterTheDayAsked()
    {
        var day = new DateOnly(2025, 6, 30);
        var values = Daily(day, 30, 70, 0);
        values.Add(new TimedValue(EndOf(day).AddHours(1), 99));

        var judged = Judge(Target(), values, day);

        Assert.Equal(70, judged.Value!.Value.Value);
        Assert.NotEqual(TargetStatus.Met, judged.Status);
    }

    [Theory]
    [InlineData(18, TargetStatus.Met)]
    [InlineData(20, TargetStatus.Met)]
    [InlineData(21, TargetStatus.Overdue)]
    public void Evaluate_DirectionDown_IsMetAtOrBelowTheTarget(double rank, TargetStatus expected)
    {
        var day = Deadline.AddDays(10);
        var judged = Judge(Target(goal: 20, direction: TargetDirection.Down, baseline: 33), Daily(day, 10, rank, 0), day);

        Assert.Equal(expected, judged.Status);
        Assert.Equal(rank - 20, judged.Gap!.Value, 9);
    }

    [Fact]
    public void Evaluate_DirectionDown_IsAtRisk_WhenTheRankWorsens()
    {
        var day = new DateOnly(2025, 1, 31);
        var judged = Judge(Target(goal: 20, direction: TargetDirection.Down, baseline: 33), Daily(day, 60, 25, 0.05), day);

        Assert.Equal(TargetStatus.AtRisk, judged.Status);
    }

    [Fact]
    public void Evaluate_WithTooLittleHistory_HasNoProjection_AndJudgesByTheBaseline()
    {
        var day = new DateOnly(2025, 6, 30);
        var better = Judge(Target(baseline: 50), Daily(day, 2, 60, 1), day);
        var worse = Judge(Target(baseline: 50), Daily(day, 2, 45, 1), day);

        Assert.Null(better.Projection);
        Assert.Equal(TargetStatus.OnTrack, better.Status);
        Assert.Equal(TargetStatus.AtRisk, worse.Status);
    }

    [Fact]
    public void Evaluate_TrendHoldsOnlyTheTrendWindow()
    {
        var day = new DateOnly(2025, 6, 30);
        var judged = Judge(Target() with { TrendWindow = 30 }, Daily(day, 200, 60, 0.01), day);

        Assert.Equal(30, judged.Trend.Count);
    }

    [Theory]
    [InlineData(TaskState.Done, "2022-12-31", "2022-05-01", PlanTaskStatus.Done)]
    [InlineData(TaskState.Done, "2022-12-31", "2023-03-01", PlanTaskStatus.InProgress)]
    [InlineData(TaskState.InProgress, "2022-12-31", null, PlanTaskStatus.InProgress)]
    [InlineData(TaskState.InProgress, "2022-12-30", null, PlanTaskStatus.Overdue)]
    [InlineData(TaskState.NotStarted, "2023-01-01", null, PlanTaskStatus.NotStarted)]
    [InlineData(TaskState.NotStarted, "2022-01-01", null, PlanTaskStatus.Overdue)]
    public void EvaluateTask_AsOfEnd2022(TaskState state, string deadline, string? doneOn, PlanTaskStatus expected)
    {
        var task = new TaskDefinition
        {
            Id = "nv01",
            Title = "Nhiệm vụ",
            Owner = "Sở Thông tin và Truyền thông",
            Deadline = DateOnly.Parse(deadline, System.Globalization.CultureInfo.InvariantCulture),
            State = state,
            DoneOn = doneOn is null ? null : DateOnly.Parse(doneOn, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Equal(expected, TargetEvaluator.Evaluate(task, new DateOnly(2022, 12, 31)));
    }
}
