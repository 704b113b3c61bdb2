using Ioc.Core.Collecting;
using Ioc.Core.Configuration;

namespace Ioc.Server.Features.Collectors;

/// <param name="LastScheduled">The newest run that was neither a replay nor skipped.</param>
/// <param name="LastSuccess">The newest slot a run collected.</param>
internal sealed record SourceJudgement(SourceState State, CollectorRunRecord? LastScheduled, DateTimeOffset? LastSuccess, TimeSpan Expected)
{
    /// <summary>Runs read to judge a source: far more than a failing streak or a replay burst at start.</summary>
    public const int RunsJudged = 200;

    /// <summary>A collector's state from its newest runs on every node (newest first, as the history lists them).</summary>
    /// <param name="collector">When given, a manual collector is judged by <paramref name="newestEntry"/> and its granularity.</param>
    /// <param name="newestEntry">The start of the newest period entered for a manual collector.</param>
    /// <param name="lastSucceededSlot">The newest slot collected among all stored runs, which <paramref name="recent"/> may not reach.</param>
    public static SourceJudgement Of(
        CollectorDefinition definition,
        IReadOnlyList<CollectorRunRecord> recent,
        DateTimeOffset now,
        ICollector? collector = null,
        DateTimeOffset? newestEntry = null,
        DateTimeOffset? lastSucceededSlot = null)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(recent);
        var lastScheduled = recent.FirstOrDefault(r => !r.Replay && r.Outcome != CollectorRunOutcome.Skipped);
        var lastSuccess = collector is IManualCollector
            ? newestEntry
            : recent.Where(r => r.Outcome == CollectorRunOutcome.Succeeded).Select(r => (DateTimeOffset?)r.Slot).Append(lastSucceededSlot).Max();
        var expected = collector is not null
            ? SourceFreshness.Expected(definition, collector, now)
            : CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? SourceFreshness.Expected(definition, schedule!, now) : definition.Freshness ?? TimeSpan.FromDays(1);
        var state = SourceFreshness.Judge(definition.Enabled, lastScheduled?.Outcome == CollectorRunOutcome.Failed, lastSuccess, expected, now);
        return new SourceJudgement(state, lastScheduled, lastSuccess, expected);
    }

    /// <summary>
    /// The start of the newest period entered for a manual collector, null for any other: runs are pruned after
    /// weeks, a yearly figure stays current for years, so the entries say how new it is.
    /// </summary>
    public static async Task<DateTimeOffset?> NewestEntryAsync(ICollector? collector, string collectorId, IManualEntryStore entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return collector is IManualCollector
            ? (await entries.ListEntriesAsync(collectorId, cancellationToken)).Select(e => (DateTimeOffset?)e.PeriodStart).Max()
            : null;
    }
}
