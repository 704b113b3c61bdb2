using Ioc.Core.Collecting;

namespace Ioc.Core.Configuration;

/// <summary>One run of a collector as the history keeps it.</summary>
/// <param name="Slot">The schedule slot the run stood for (its points carry this time).</param>
/// <param name="Replay">A run of a past slot at start-up, not a scheduled one.</param>
/// <param name="Node">The Ioc process that ran it (its machine name).</param>
public sealed record CollectorRunRecord(
    string CollectorId, DateTimeOffset Slot, DateTimeOffset StartedAt, TimeSpan Duration, CollectorRunOutcome Outcome, int Points, string? Error, bool Replay, string Node);

/// <summary>
/// Every collector run, kept in the configuration store so that each node's runs are seen from every node and
/// outlive restarts. Contract for every adapter:
/// <list type="bullet">
/// <item>The schema comes from <see cref="IDefinitionStore.InitializeAsync"/>.</item>
/// <item><see cref="AppendRunsAsync"/> stores all of the batch or none of it; text comes back byte for byte and times to the millisecond.</item>
/// <item><see cref="ListRunsAsync"/> answers newest first (by start, then by slot).</item>
/// </list>
/// </summary>
public interface ICollectorRunStore
{
    Task AppendRunsAsync(IReadOnlyList<CollectorRunRecord> runs, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> runs of one collector, newest first.</summary>
    Task<IReadOnlyList<CollectorRunRecord>> ListRunsAsync(string collectorId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest slot a run of the collector collected, whenever that run started: a back-fill of old slots started
    /// after it does not hide it. Null when none succeeded (or all were pruned).
    /// </summary>
    Task<DateTimeOffset?> LastSucceededSlotAsync(string collectorId, CancellationToken cancellationToken = default);

    /// <summary>Deletes runs beyond the newest <paramref name="keepPerCollector"/> of each collector, and any that started before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneRunsAsync(int keepPerCollector, DateTimeOffset olderThan, CancellationToken cancellationToken = default);
}
