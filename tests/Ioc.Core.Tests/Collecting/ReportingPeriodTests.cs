using Ioc.Core.Collecting;

namespace Ioc.Core.Tests.Collecting;

public sealed class ReportingPeriodTests
{
    [Theory]
    [InlineData(PeriodGranularity.Year, "2024", "2024", "2024-01-01", "2025-01-01")]
    [InlineData(PeriodGranularity.Quarter, "2025-Q3", "2025-Q3", "2025-07-01", "2025-10-01")]
    [InlineData(PeriodGranularity.Quarter, " 2025-q4 ", "2025-Q4", "2025-10-01", "2026-01-01")]
    [InlineData(PeriodGranularity.Month, "2025-09", "2025-09", "2025-09-01", "2025-10-01")]
    [InlineData(PeriodGranularity.Day, "2024-02-29", "2024-02-29", "2024-02-29", "2024-03-01")]
    public void TryParse_ReadsALabel_IntoItsUtcStartAndEnd(PeriodGranularity granularity, string text, string label, string start, string end)
    {
        Assert.True(ReportingPeriod.TryParse(text, granularity, out var period, out var error), error);

        Assert.Equal(label, period.Label);
        Assert.Equal(DateTimeOffset.Parse(start + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), period.Start);
        Assert.Equal(DateTimeOffset.Parse(end + "T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture), period.End);
    }

    [Theory]
    [InlineData(PeriodGranularity.Year, "", "required; a year is written 2024")]
    [InlineData(PeriodGranularity.Year, "2025-Q3", "'2025-Q3' is not a period: a year is written 2024")]
    [InlineData(PeriodGranularity.Quarter, "2025-Q5", "'2025-Q5' is not a period: a quarter is written 2025-Q3")]
    [InlineData(PeriodGranularity.Month, "2025-13", "'2025-13' is not a period: a month is written 2025-09")]
    [InlineData(PeriodGranularity.Day, "2025-02-29", "'2025-02-29' is not a period: a day is written 2025-09-30")]
    [InlineData(PeriodGranularity.Year, "1989", "'1989' is before 1990")]
    [InlineData(PeriodGranularity.Year, "٢٠٢٤", "'٢٠٢٤' is not a period: a year is written 2024")]
    public void TryParse_RefusesWhatIsNotALabelOfTheGranularity_SayingHowToWriteIt(PeriodGranularity granularity, string text, string expected)
    {
        Assert.False(ReportingPeriod.TryParse(text, granularity, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void Containing_FindsThePeriodThatHoldsATime()
    {
        var at = new DateTimeOffset(2025, 8, 14, 23, 30, 0, TimeSpan.Zero);

        Assert.Equal("2025", ReportingPeriod.Containing(PeriodGranularity.Year, at).Label);
        Assert.Equal("2025-Q3", ReportingPeriod.Containing(PeriodGranularity.Quarter, at).Label);
        Assert.Equal("2025-08", ReportingPeriod.Containing(PeriodGranularity.Month, at).Label);
        Assert.Equal("2025-08-14", ReportingPeriod.Containing(PeriodGranularity.Day, at).Label);
    }
}
