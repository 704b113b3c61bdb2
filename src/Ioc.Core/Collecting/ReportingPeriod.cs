using System.Globalization;
using System.Text.RegularExpressions;
using Ioc.Core.Metrics;

namespace Ioc.Core.Collecting;

/// <summary>How long one period of an entered figure is: a yearly DTI rank, a quarterly GRDP share.</summary>
public enum PeriodGranularity
{
    Year,
    Quarter,
    Month,
    Day,
}

/// <summary>
/// One reporting period, labelled as documents name it: <c>2024</c>, <c>2025-Q3</c>, <c>2025-09</c>, <c>2025-09-30</c>.
/// Start and end are midnight UTC; the end is the next period's start.
/// </summary>
public sealed partial record ReportingPeriod(PeriodGranularity Granularity, string Label, DateTimeOffset Start, DateTimeOffset End)
{
    // Points before this are refused by the metric validator.
    private static readonly int MetricsEarliestYear = MetricValidator.Earliest.Year;

    /// <summary>How each granularity is written, for messages.</summary>
    public static string Example(PeriodGranularity granularity) => granularity switch
    {
        PeriodGranularity.Year => "2024",
        PeriodGranularity.Quarter => "2025-Q3",
        PeriodGranularity.Month => "2025-09",
        _ => "2025-09-30",
    };

    /// <summary>The period of this granularity that holds <paramref name="at"/>.</summary>
    public static ReportingPeriod Containing(PeriodGranularity granularity, DateTimeOffset at)
    {
        var day = at.UtcDateTime.Date;
        var start = granularity switch
        {
            PeriodGranularity.Year => new DateTime(day.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            PeriodGranularity.Quarter => new DateTime(day.Year, ((day.Month - 1) / 3 * 3) + 1, 1, 0, 0, 0, DateTimeKind.Utc),
            PeriodGranularity.Month => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
            _ => day,
        };
        return Of(granularity, new DateTimeOffset(start));
    }

    /// <summary>Reads a label of this granularity; the error says how to write it.</summary>
    public static bool TryParse(string? text, PeriodGranularity granularity, out ReportingPeriod period, out string error)
    {
        period = null!;
        text = text?.Trim() ?? "";
        var match = granularity switch
        {
            PeriodGranularity.Year => YearPattern().Match(text),
            PeriodGranularity.Quarter => QuarterPattern().Match(text),
            PeriodGranularity.Month => MonthPattern().Match(text),
            _ => DayPattern().Match(text),
        };
        var expected = $"a {granularity.ToString().ToLowerInvariant()} is written {Example(granularity)}";
        if (!match.Success)
        {
            error = text.Length == 0 ? $"required; {expected}" : $"'{text}' is not a period: {expected}";
            return false;
        }

        var year = int.Parse(match.Groups["y"].Value, CultureInfo.InvariantCulture);
        var second = match.Groups["n"].Success ? int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : 1;
        var third = match.Groups["d"].Success ? int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture) : 1;
        var month = granularity == PeriodGranularity.Quarter ? ((second - 1) * 3) + 1 : second;
        var valid = granularity switch
        {
            PeriodGranularity.Quarter => second is >= 1 and <= 4,
            PeriodGranularity.Month => second is >= 1 and <= 12,
            PeriodGranularity.Day => second is >= 1 and <= 12 && third >= 1 && third <= DateTime.DaysInMonth(year, second),
            _ => true,
        };
        if (!valid || year < MetricsEarliestYear)
        {
            error = year < MetricsEarliestYear ? $"'{text}' is before {MetricsEarliestYear}" : $"'{text}' is not a period: {expected}";
            return false;
        }

        period = Of(granularity, new DateTimeOffset(year, month, third, 0, 0, 0, TimeSpan.Zero));
        error = "";
        return true;
    }

    private static ReportingPeriod Of(PeriodGranularity granularity, DateTimeOffset start)
    {
        var (end, label) = granularity switch
        {
            PeriodGranularity.Year => (start.AddYears(1), start.Year.ToString(CultureInfo.InvariantCulture)),
            PeriodGranularity.Quarter => (start.AddMonths(3), string.Create(CultureInfo.InvariantCulture, $"{start.Year}-Q{((start.Month - 1) / 3) + 1}")),
            PeriodGranularity.Month => (start.AddMonths(1), start.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
            _ => (start.AddDays(1), start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        return new ReportingPeriod(granularity, label, start, end);
    }

    [GeneratedRegex(@"^(?<y>[0-9]{4})$")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-[Qq](?<n>[0-9])$")]
    private static partial Regex QuarterPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<n>[0-9]{2})$")]
    private static partial Regex MonthPattern();

    [GeneratedRegex(@"^(?<y>[0-9]{4})-(?<n>[0-9]{2})-(?<d>[0-9]{2})$")]
    private static partial Regex DayPattern();
}
