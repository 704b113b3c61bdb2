namespace Ioc.Core.Kpis;

/// <summary>Which periods a comparison panel sets side by side.</summary>
public enum ComparisonPeriod
{
    /// <summary>This quarter to date against the same span of the quarter before.</summary>
    Quarter,

    /// <summary>This year to date against the same span of last year.</summary>
    YearOverYear,
}

/// <summary>A span of time in one period: from its start (inclusive) to <see cref="End"/> (exclusive).</summary>
/// <param name="Year">The period's calendar year.</param>
/// <param name="Quarter">1 to 4 for a quarter; null for a year.</param>
public sealed record PeriodSpan(DateTimeOffset Start, DateTimeOffset End, int Year, int? Quarter);

/// <summary>
/// The two spans a comparison reads, in the dashboard's time zone. The earlier span ends on the same day of its
/// period, at the same time of day, as the current one ends now: 15 May 10:00 (day 15 of the quarter's second month)
/// compares with 15 February 10:00. A day the earlier period lacks is clamped to its month's last day, so 29 February
/// compares with 28 February and 31 May with 28 (or 29) February.
/// </summary>
public static class ComparisonPeriods
{
    /// <summary>The current span (period start to <paramref name="now"/>) and the earlier one.</summary>
    public static (PeriodSpan Current, PeriodSpan Previous) Of(ComparisonPeriod period, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var (startMonth, earlierMonths) = period switch
        {
            ComparisonPeriod.Quarter => (((local.Month - 1) / 3 * 3) + 1, 3),
            _ => (1, 12),
        };

        var start = new DateTime(local.Year, startMonth, 1);
        var earlierStart = start.AddMonths(-earlierMonths);
        var monthsIn = ((local.Year - start.Year) * 12) + local.Month - start.Month;
        var endMonth = earlierStart.AddMonths(monthsIn);
        var day = Math.Min(local.Day, DateTime.DaysInMonth(endMonth.Year, endMonth.Month));
        var earlierEnd = new DateTime(endMonth.Year, endMonth.Month, day).Add(local.TimeOfDay);

        var current = Span(period, start, local, zone);
        var previous = Span(period, earlierStart, earlierEnd, zone);
        return (current with { End = now }, previous);
    }

    /// <summary>The start of the year that holds <paramref name="instant"/>, in <paramref name="zone"/>: when year-to-date counters restart.</summary>
    public static DateTimeOffset YearStart(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        return At(new DateTime(local.Year, 1, 1), zone);
    }

    /// <summary>The names a dashboard definition uses: <c>quarter</c>, <c>year-over-year</c>.</summary>
    public static bool TryParse(string? text, out ComparisonPeriod period)
    {
        (var known, period) = text switch
        {
            "quarter" => (true, ComparisonPeriod.Quarter),
            "year-over-year" => (true, ComparisonPeriod.YearOverYear),
            _ => (false, ComparisonPeriod.Quarter),
        };
        return known;
    }

    /// <summary>Whether <paramref name="field"/> is a year-to-date counter (ends in <c>_ytd</c>).</summary>
    public static bool IsYearToDate(string field) => field.EndsWith("_ytd", StringComparison.Ordinal);

    private static PeriodSpan Span(ComparisonPeriod period, DateTime start, DateTime end, TimeZoneInfo zone) =>
        new(At(start, zone), At(end, zone), start.Year, period == ComparisonPeriod.Quarter ? ((start.Month - 1) / 3) + 1 : null);

    private static DateTimeOffset At(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);

        // A local time a clock change skipped does not exist; take the instant just after the gap.
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30);
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
