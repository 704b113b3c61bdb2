using Cronos;

namespace Ioc.Core.Collecting;

/// <summary>Cron as collectors use it: five fields, or six with seconds first; evaluated in UTC.</summary>
public sealed class CronSchedule
{
    private readonly CronExpression _expression;

    private CronSchedule(string text, CronExpression expression)
    {
        Text = text;
        _expression = expression;
    }

    public string Text { get; }

    public static bool TryParse(string? text, out CronSchedule? schedule, out string? error)
    {
        schedule = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty";
            return false;
        }

        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            error = $"'{text}' has {fields} fields; expected 5 (minute hour day month weekday) or 6 (seconds first)";
            return false;
        }

        try
        {
            var expression = CronExpression.Parse(text, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            schedule = new CronSchedule(text, expression);
            return true;
        }
        catch (CronFormatException ex)
        {
            error = $"'{text}' is not a valid cron expression: {ex.Message}";
            return false;
        }
    }

    /// <summary>The latest occurrence at or before <paramref name="time"/>, looking back as far as a year.</summary>
    public DateTimeOffset SlotAtOrBefore(DateTimeOffset time)
    {
        // Widen the look-back step by step so frequent schedules stay cheap and rare ones are still found.
        foreach (var lookBack in (ReadOnlySpan<TimeSpan>)[TimeSpan.FromMinutes(2), TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(366)])
        {
            if (Latest(time, lookBack) is { } slot)
            {
                return slot;
            }
        }

        return Truncate(time);
    }

    public DateTimeOffset? Next(DateTimeOffset after) =>
        _expression.GetNextOccurrence(after, TimeZoneInfo.Utc);

    /// <summary>
    /// The slot a run started at <paramref name="time"/> stands for: the latest occurrence at or before it.
    /// Looks back at most <paramref name="lookBack"/>; falls back to <paramref name="time"/> truncated to the second.
    /// </summary>
    public DateTimeOffset SlotAtOrBefore(DateTimeOffset time, TimeSpan lookBack) => Latest(time, lookBack) ?? Truncate(time);

    private DateTimeOffset? Latest(DateTimeOffset time, TimeSpan lookBack)
    {
        var truncated = Truncate(time);
        DateTimeOffset? latest = null;
        foreach (var occurrence in _expression.GetOccurrences(truncated - lookBack, truncated, TimeZoneInfo.Utc, fromInclusive: true, toInclusive: true))
        {
            latest = occurrence;
        }

        return latest;
    }

    private static DateTimeOffset Truncate(DateTimeOffset time) =>
        new(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
