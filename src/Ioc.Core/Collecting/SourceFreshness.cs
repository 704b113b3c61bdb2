namespace Ioc.Core.Collecting;

/// <summary>Exactly one of these describes a source at any moment; the wall and the admin view go by it.</summary>
public enum SourceState
{
    Fresh,
    Late,
    Failing,
    Disabled,
}

/// <summary>
/// Tells whether a source's figures are current. Disabled wins; then a source whose last scheduled run failed is
/// failing; then one whose newest collected slot is older than its expected freshness (or that has none) is late.
/// </summary>
public static class SourceFreshness
{
    /// <summary>The definition's <c>freshness</c>, or twice the gap between the schedule's next two runs.</summary>
    public static TimeSpan Expected(CollectorDefinition definition, CronSchedule schedule, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(schedule);
        if (definition.Freshness is { } freshness)
        {
            return freshness;
        }

        var next = schedule.Next(now);
        var after = next is { } n ? schedule.Next(n) : null;
        return next is { } first && after is { } second ? 2 * (second - first) : TimeSpan.FromDays(1);
    }

    /// <summary>
    /// The definition's <c>freshness</c>; for a collector whose figures are entered by hand, the default of its
    /// granularity (<see cref="EnteredDefault"/>); otherwise that of its schedule, or a day when it has none.
    /// </summary>
    public static TimeSpan Expected(CollectorDefinition definition, ICollector collector, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.Freshness is { } freshness)
        {
            return freshness;
        }

        if (collector is IManualCollector manual)
        {
            return EnteredDefault(manual.Series.Granularity);
        }

        return CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? Expected(definition, schedule!, now) : TimeSpan.FromDays(1);
    }

    /// <summary>
    /// How old the newest entered period's start may be. A period's figure is published after it ends, so the
    /// source is current while the newest period ended less than one period plus a grace ago: yearly 1 year +
    /// 180 days, quarterly a quarter + 45 days, monthly a month + 20 days, daily a day + 1 day.
    /// </summary>
    public static TimeSpan EnteredDefault(PeriodGranularity granularity) => granularity switch
    {
        PeriodGranularity.Year => TimeSpan.FromDays((2 * 366) + 180),
        PeriodGranularity.Quarter => TimeSpan.FromDays((2 * 92) + 45),
        PeriodGranularity.Month => TimeSpan.FromDays((2 * 31) + 20),
        _ => TimeSpan.FromDays(2 + 1),
    };

    /// <param name="lastScheduledFailed">Whether the newest scheduled (not replayed, not skipped) run failed.</param>
    /// <param name="lastSuccessSlot">The newest slot a run collected, if any.</param>
    public static SourceState Judge(bool enabled, bool lastScheduledFailed, DateTimeOffset? lastSuccessSlot, TimeSpan expected, DateTimeOffset now)
    {
        if (!enabled)
        {
            return SourceState.Disabled;
        }

        if (lastScheduledFailed)
        {
            return SourceState.Failing;
        }

        return lastSuccessSlot is { } slot && now - slot <= expected ? SourceState.Fresh : SourceState.Late;
    }
}
