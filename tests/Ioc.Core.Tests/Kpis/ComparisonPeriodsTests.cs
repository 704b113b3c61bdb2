using Ioc.Core.Kpis;

namespace Ioc.Core.Tests.Kpis;

public class ComparisonPeriodsTests
{
    private static readonly TimeZoneInfo Hanoi = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");

    private static DateTimeOffset Local(int year, int month, int day, int hour = 0, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(7));

    [Fact]
    public void Quarter_ComparesThisQuarterToDate_WithTheSameDayOfTheQuarterBefore()
    {
        var now = Local(2026, 5, 15, 10, 30);

        var (current, previous) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, now, Hanoi);

        Assert.Equal(Local(2026, 4, 1), current.Start);
        Assert.Equal(now, current.End);
        Assert.Equal((2026, 2), (current.Year, current.Quarter));
        Assert.Equal(Local(2026, 1, 1), previous.Start);
        Assert.Equal(Local(2026, 2, 15, 10, 30), previous.End);
        Assert.Equal((2026, 1), (previous.Year, previous.Quarter));
    }

    [Fact]
    public void Quarter_OnItsFirstMorning_ComparesWithTheFirstMorningOfTheQuarterBefore_AcrossTheYear()
    {
        var now = Local(2026, 1, 1, 8);

        var (current, previous) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, now, Hanoi);

        Assert.Equal(Local(2026, 1, 1), current.Start);
        Assert.Equal(Local(2025, 10, 1), previous.Start);
        Assert.Equal(Local(2025, 10, 1, 8), previous.End);
        Assert.Equal((2025, 4), (previous.Year, previous.Quarter));
    }

    [Fact]
    public void Quarter_OnADayTheQuarterBeforeLacks_ClampsToItsMonthsLastDay()
    {
        // 31 May is day 31 of the quarter's second month; February has 28 days in 2026.
        var (_, previous) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, Local(2026, 5, 31, 9), Hanoi);
        Assert.Equal(Local(2026, 2, 28, 9), previous.End);

        // 30 September (day 30 of the third month) against 30 June: both exist.
        var (_, june) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, Local(2026, 9, 30, 23, 59), Hanoi);
        Assert.Equal(Local(2026, 4, 1), june.Start);
        Assert.Equal(Local(2026, 6, 30, 23, 59), june.End);
    }

    [Fact]
    public void YearOverYear_OnALeapDay_ComparesWithTheLastDayOfFebruary()
    {
        var now = Local(2028, 2, 29, 14);

        var (current, previous) = ComparisonPeriods.Of(ComparisonPeriod.YearOverYear, now, Hanoi);

        Assert.Equal(Local(2028, 1, 1), current.Start);
        Assert.Null(current.Quarter);
        Assert.Equal(Local(2027, 1, 1), previous.Start);
        Assert.Equal(Local(2027, 2, 28, 14), previous.End);
        Assert.Equal(2027, previous.Year);
    }

    [Fact]
    public void YearOverYear_TheDayAfterALeapDay_ComparesWithTheFirstOfMarch()
    {
        var (_, previous) = ComparisonPeriods.Of(ComparisonPeriod.YearOverYear, Local(2029, 3, 1, 7), Hanoi);

        Assert.Equal(Local(2028, 3, 1, 7), previous.End);
    }

    [Fact]
    public void Periods_AreCutInTheDashboardsTimeZone_NotInUtc()
    {
        // 31 December 17:30 UTC is already 1 January 00:30 in Hà Tĩnh: a new year and a new quarter there.
        var now = new DateTimeOffset(2025, 12, 31, 17, 30, 0, TimeSpan.Zero);

        var (year, lastYear) = ComparisonPeriods.Of(ComparisonPeriod.YearOverYear, now, Hanoi);
        var (quarter, _) = ComparisonPeriods.Of(ComparisonPeriod.Quarter, now, Hanoi);

        Assert.Equal(2026, year.Year);
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 17, 0, 0, TimeSpan.Zero), year.Start);
        Assert.Equal(Local(2025, 1, 1, 0, 30), lastYear.End);
        Assert.Equal((2026, 1), (quarter.Year, quarter.Quarter));
        Assert.Equal(ComparisonPeriods.YearStart(now, Hanoi), year.Start);

        // The same instant in UTC is still the old year.
        var (utcYear, _) = ComparisonPeriods.Of(ComparisonPeriod.YearOverYear, now, TimeZoneInfo.Utc);
        Assert.Equal(2025, utcYear.Year);
    }

    [Theory]
    [InlineData("quarter", true)]
    [InlineData("year-over-year", true)]
    [InlineData("yearOverYear", false)]
    [InlineData("month", false)]
    [InlineData(null, false)]
    public void Names_AreTheDefinitionsWords(string? text, bool known)
    {
        Assert.Equal(known, ComparisonPeriods.TryParse(text, out _));
    }

    [Theory]
    [InlineData("received_ytd", true)]
    [InlineData("received_online_ytd", true)]
    [InlineData("online_rate", false)]
    [InlineData("ytd_total", false)]
    public void YearToDateCounters_AreTheFieldsEndingInYtd(string field, bool ytd)
    {
        Assert.Equal(ytd, ComparisonPeriods.IsYearToDate(field));
    }
}
