using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public sealed class SourceFreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 3, 0, 7, TimeSpan.Zero);

    private static CollectorDefinition Definition(string schedule, TimeSpan? freshness = null) => new()
    {
        Id = "portal-records", Name = "Cổng dịch vụ công", Kind = "http-json", Schedule = schedule, Freshness = freshness, Spec = [], Source = "collectors/portal-records.yaml",
    };

    private static CronSchedule Schedule(string text) => CronSchedule.TryParse(text, out var schedule, out _) ? schedule! : throw new ArgumentException(text);

    [Theory]
    [InlineData("*/5 * * * * *", 10)]
    [InlineData("0 */15 * * * *", 1800)]
    [InlineData("0 0 2 * * *", 172_800)]
    public void Expected_IsTwiceTheGapBetweenTheNextTwoRuns_WhenTheDefinitionSaysNothing(string schedule, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), SourceFreshness.Expected(Definition(schedule), Schedule(schedule), Now));
    }

    [Fact]
    public void Expected_IsTheDefinitionsFreshness_WhenGiven()
    {
        Assert.Equal(TimeSpan.FromDays(35), SourceFreshness.Expected(Definition("0 0 2 1 * *", TimeSpan.FromDays(35)), Schedule("0 0 2 1 * *"), Now));
    }

    [Theory]
    [InlineData(false, false, 1, SourceState.Disabled)]
    [InlineData(false, true, 1, SourceState.Disabled)]
    [InlineData(true, true, 1, SourceState.Failing)]
    [InlineData(true, false, 1, SourceState.Fresh)]
    [InlineData(true, false, 10, SourceState.Fresh)]
    [InlineData(true, false, 11, SourceState.Late)]
    [InlineData(true, false, null, SourceState.Late)]
    public void Judge_GivesExactlyOneState(bool enabled, bool lastFailed, int? ageSeconds, SourceState expected)
    {
        DateTimeOffset? slot = ageSeconds is { } a ? Now.AddSeconds(-a) : null;

        Assert.Equal(expected, SourceFreshness.Judge(enabled, lastFailed, slot, TimeSpan.FromSeconds(10), Now));
    }

    [Theory]
    [InlineData("freshness: 36h", null)]
    [InlineData("freshness: 0s", "freshness: '0s'")]
    [InlineData("freshness: soon", "freshness: 'soon'")]
    public void Loader_ReadsFreshness_AndNamesABadOne(string line, string? problem)
    {
        var yaml = $"apiVersion: ioc/v1\nid: monthly-report\nkind: http-json\nschedule: \"0 0 2 1 * *\"\n{line}\nspec: {{ url: http://x }}\n";

        if (problem is null)
        {
            Assert.Equal(TimeSpan.FromHours(36), CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string>(), "collectors/m.yaml").Freshness);
        }
        else
        {
            var refused = Assert.Throws<DefinitionException>(() => CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string>(), "collectors/m.yaml"));
            Assert.Contains($"collectors/m.yaml: {problem} must be a duration", refused.Message, StringComparison.Ordinal);
        }
    }

    private sealed class Entered(PeriodGranularity granularity) : IManualCollector
    {
        public ManualSeries Series { get; } = new("dti", [], granularity, [new ManualFigure("score", "Điểm DTI", null, 0, 1)]);

        public Task<IReadOnlyList<Ioc.Core.Metrics.MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<Ioc.Core.Metrics.MetricPoint>>([]);
    }

    [Theory]
    [InlineData(PeriodGranularity.Year, 912)]
    [InlineData(PeriodGranularity.Quarter, 229)]
    [InlineData(PeriodGranularity.Month, 82)]
    [InlineData(PeriodGranularity.Day, 3)]
    public void Expected_OfEnteredFigures_IsTwoPeriodsAndAGrace_FromTheNewestPeriodsStart(PeriodGranularity granularity, int days)
    {
        Assert.Equal(TimeSpan.FromDays(days), SourceFreshness.Expected(Definition("") with { Kind = "manual" }, new Entered(granularity), Now));
    }

    [Fact]
    public void EnteredYearlyFigure_StaysFresh_UntilTheNextYearsFigureIsDue()
    {
        var expected = SourceFreshness.Expected(Definition("") with { Kind = "manual" }, new Entered(PeriodGranularity.Year), Now);
        var year2024 = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        // DTI 2024 is published in May 2025; DTI 2025 is due by mid-2026.
        Assert.Equal(SourceState.Fresh, SourceFreshness.Judge(true, false, year2024, expected, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)));
        Assert.Equal(SourceState.Late, SourceFreshness.Judge(true, false, year2024, expected, new DateTimeOffset(2026, 7, 15, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Expected_OfEnteredFigures_IsTheDefinitionsFreshness_WhenGiven()
    {
        Assert.Equal(TimeSpan.FromDays(500), SourceFreshness.Expected(Definition("", TimeSpan.FromDays(500)) with { Kind = "manual" }, new Entered(PeriodGranularity.Year), Now));
    }
}
