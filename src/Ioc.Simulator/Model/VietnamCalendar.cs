namespace Ioc.Simulator.Model;

/// <summary>
/// Local days and working days in Viet Nam (UTC+7 all year, no daylight saving): weekends run at about 15 %
/// of a working day, public holidays lower still.
/// </summary>
internal static class VietnamCalendar
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    // First day of the lunar new year; the official Tết break runs from two days before to four days after.
    private static readonly DateOnly[] LunarNewYears =
    [
        new(2020, 1, 25), new(2021, 2, 12), new(2022, 2, 1), new(2023, 1, 22), new(2024, 2, 10), new(2025, 1, 29),
        new(2026, 2, 17), new(2027, 2, 6), new(2028, 1, 26), new(2029, 2, 13), new(2030, 2, 3),
    ];

    public static DateTimeOffset ToLocal(DateTimeOffset time) => time.ToOffset(Offset);

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(ToLocal(time).DateTime);

    public static TimeSpan TimeOfDay(DateTimeOffset time) => ToLocal(time).TimeOfDay;

    /// <summary>How busy a day is relative to an ordinary Tuesday.</summary>
    public static double ActivityFactor(DateOnly day)
    {
        if (IsHoliday(day))
        {
            return 0.08;
        }

        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday or DayOfWeek.Sunday => 0.15,
            DayOfWeek.Monday => 1.08,
            DayOfWeek.Friday => 0.94,
            _ => 1.0,
        };
    }

    public static bool IsHoliday(DateOnly day)
    {
        if ((day.Month, day.Day) is (1, 1) or (4, 30) or (5, 1) or (9, 1) or (9, 2))
        {
            return true;
        }

        foreach (var newYear in LunarNewYears)
        {
            var offset = day.DayNumber - newYear.DayNumber;
            if (offset is >= -2 and <= 4)
            {
                return true;
            }
        }

        return false;
    }
}
