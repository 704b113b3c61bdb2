using Ioc.Server.Features.ServiceIndex;

namespace Ioc.Server.Tests.Features.ServiceIndex;

/// <summary>Which instants an as-of date and a trend mean, where the province is.</summary>
public sealed class ServiceIndexTimesTests
{
    private static readonly TimeZoneInfo Vietnam = TimeZoneInfo.FindSystemTimeZoneById("Asia/Ho_Chi_Minh");
    private static readonly TimeSpan Plus7 = TimeSpan.FromHours(7);

    [Fact]
    public void AsOfADate_IsTheEndOfThatDayInTheProvince()
    {
        var now = new DateTimeOffset(2025, 7, 10, 3, 0, 0, TimeSpan.Zero);

        Assert.True(ServiceIndexApi.TryAsOf("2025-06-30", Vietnam, now, out var time));

        Assert.Equal(new DateTimeOffset(2025, 7, 1, 0, 0, 0, Plus7).AddTicks(-1), time);
    }

    [Fact]
    public void AsOfToday_IsNow_AndTomorrowIsRefused()
    {
        var now = new DateTimeOffset(2025, 7, 9, 20, 0, 0, TimeSpan.Zero); // 03:00 on 10 July in the province

        Assert.True(ServiceIndexApi.TryAsOf("2025-07-10", Vietnam, now, out var today));
        Assert.False(ServiceIndexApi.TryAsOf("2025-07-11", Vietnam, now, out _));
        Assert.Equal(now, today);
    }

    [Fact]
    public void WeeklyTrend_EndsOnMondaysInTheProvince_ThenAsOf()
    {
        var asOf = new DateTimeOffset(2025, 7, 10, 10, 0, 0, Plus7); // a Thursday

        var times = ServiceIndexReader.TrendTimes(asOf, TrendPeriod.Week, 3, Vietnam);

        Assert.Equal([new DateTimeOffset(2025, 6, 30, 0, 0, 0, Plus7), new DateTimeOffset(2025, 7, 7, 0, 0, 0, Plus7), asOf], times);
    }

    [Fact]
    public void MonthlyTrend_EndsOnTheFirstOfEachMonth_EitherSideOfTheReform()
    {
        var asOf = new DateTimeOffset(2025, 7, 10, 10, 0, 0, Plus7);

        var times = ServiceIndexReader.TrendTimes(asOf, TrendPeriod.Month, 3, Vietnam);

        Assert.Equal([new DateTimeOffset(2025, 6, 1, 0, 0, 0, Plus7), new DateTimeOffset(2025, 7, 1, 0, 0, 0, Plus7), asOf], times);
    }
}
