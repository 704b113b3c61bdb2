using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public class CronScheduleTests
{
    private static readonly DateTimeOffset Day = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static CronSchedule Schedule(string text)
    {
        Assert.True(CronSchedule.TryParse(text, out var schedule, out var error), error);
        return schedule!;
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("0 2 * * 1-5")]
    [InlineData("*/10 * * * * *")]
    [InlineData("  0   */15 * * *  ")]
    public void TryParse_AcceptsFiveOrSixFields(string text)
    {
        var schedule = Schedule(text);

        Assert.Equal(text, schedule.Text);
    }

    [Theory]
    [InlineData("* * * *", 4)]
    [InlineData("0 0 * * * * *", 7)]
    [InlineData("every", 1)]
    public void TryParse_RefusesOtherFieldCounts_SayingHowMany(string text, int count)
    {
        Assert.False(CronSchedule.TryParse(text, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.Equal($"'{text}' has {count} fields; expected 5 (minute hour day month weekday) or 6 (seconds first)", error);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void TryParse_RefusesEmpty(string? text)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out var error));
        Assert.Equal("is empty", error);
    }

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("* 25 * * *")]
    [InlineData("a b c d e")]
    [InlineData("61 * * * * *")]
    public void TryParse_RefusesInvalidExpressions_QuotingThem(string text)
    {
        Assert.False(CronSchedule.TryParse(text, out _, out var error));
        Assert.StartsWith($"'{text}' is not a valid cron expression", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Next_OfFiveFields_IsTheNextMinuteSlot()
    {
        Assert.Equal(Day.AddHours(10).AddMinutes(5), Schedule("*/5 * * * *").Next(Day.AddHours(10).AddMinutes(2)));
    }

    [Fact]
    public void Next_IsStrictlyAfter()
    {
        Assert.Equal(Day.AddHours(10).AddMinutes(10), Schedule("*/5 * * * *").Next(Day.AddHours(10).AddMinutes(5)));
    }

    [Fact]
    public void Next_OfSixFields_ReadsSecondsFirst()
    {
        Assert.Equal(Day.AddHours(10).AddSeconds(10), Schedule("*/10 * * * * *").Next(Day.AddHours(10).AddSeconds(5)));
    }

    [Fact]
    public void Next_IsEvaluatedInUtc()
    {
        var after = new DateTimeOffset(2025, 6, 1, 8, 0, 0, TimeSpan.FromHours(7)); // 01:00 UTC

        Assert.Equal(Day.AddHours(2), Schedule("0 2 * * *").Next(after));
    }

    [Fact]
    public void SlotAtOrBefore_ReturnsTheSlot_NotTheRunTime()
    {
        var started = Day.AddHours(10).AddMinutes(7).AddSeconds(42).AddMilliseconds(123);

        Assert.Equal(Day.AddHours(10).AddMinutes(5), Schedule("*/5 * * * *").SlotAtOrBefore(started, TimeSpan.FromHours(1)));
    }

    [Fact]
    public void SlotAtOrBefore_ReturnsTheSlot_WhenTheRunStartsLate()
    {
        var started = Day.AddHours(2).AddSeconds(3.7);

        Assert.Equal(Day.AddHours(2), Schedule("0 2 * * *").SlotAtOrBefore(started, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void SlotAtOrBefore_IncludesASlotExactlyAtTheTime()
    {
        var slot = Day.AddHours(10).AddMinutes(5);

        Assert.Equal(slot, Schedule("*/5 * * * *").SlotAtOrBefore(slot, TimeSpan.FromHours(1)));
        Assert.Equal(slot, Schedule("*/5 * * * *").SlotAtOrBefore(slot.AddMilliseconds(999), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void SlotAtOrBefore_OfSixFields_ReturnsTheSecondSlot()
    {
        var started = Day.AddHours(10).AddSeconds(44.5);

        Assert.Equal(Day.AddHours(10).AddSeconds(30), Schedule("*/15 * * * * *").SlotAtOrBefore(started, TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void SlotAtOrBefore_FallsBackToTheTimeTruncatedToTheSecond_WhenNoSlotIsInReach()
    {
        var started = Day.AddHours(10).AddMinutes(7).AddSeconds(42).AddMilliseconds(123);

        var slot = Schedule("*/5 * * * *").SlotAtOrBefore(started, TimeSpan.FromMinutes(1));

        Assert.Equal(Day.AddHours(10).AddMinutes(7).AddSeconds(42), slot);
    }

    [Fact]
    public void SlotAtOrBefore_ReadsOffsetTimesAsUtc()
    {
        var started = new DateTimeOffset(2025, 6, 1, 9, 7, 0, TimeSpan.FromHours(7)); // 02:07 UTC

        var slot = Schedule("*/5 * * * *").SlotAtOrBefore(started, TimeSpan.FromHours(1));

        Assert.Equal(Day.AddHours(2).AddMinutes(5), slot);
        Assert.Equal(TimeSpan.Zero, slot.Offset);
    }

    [Fact]
    public void SlotAtOrBefore_WithoutLookBack_FindsAFrequentSlot()
    {
        Assert.Equal(Day.AddHours(10).AddMinutes(5), Schedule("*/5 * * * *").SlotAtOrBefore(Day.AddHours(10).AddMinutes(7).AddSeconds(42)));
    }

    [Fact]
    public void SlotAtOrBefore_WithoutLookBack_FindsADailySlot()
    {
        Assert.Equal(Day.AddHours(2), Schedule("0 2 * * *").SlotAtOrBefore(Day.AddHours(23)));
    }

    [Fact]
    public void SlotAtOrBefore_WithoutLookBack_FindsAMonthlySlot()
    {
        Assert.Equal(Day, Schedule("0 0 1 * *").SlotAtOrBefore(Day.AddDays(19).AddHours(5)));
    }

    [Fact]
    public void SlotAtOrBefore_WithoutLookBack_FindsAYearlySlot()
    {
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), Schedule("0 0 1 1 *").SlotAtOrBefore(Day));
    }
}
