using System.Collections.Concurrent;

namespace Ioc.Core.Collecting;

/// <summary>What each collector last did, for the admin view and for telling fresh data from stale.</summary>
public sealed class CollectorStatusBoard
{
    private readonly ConcurrentDictionary<string, CollectorStatus> _status = new(StringComparer.Ordinal);

    public void Record(CollectorRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The admin view and /api/v1/collectors show this error; a source URL in it must not carry its secrets.
        result = result.Error is null ? result : result with { Error = RedactedUrl.InText(result.Error) };
        _status.AddOrUpdate(
            result.CollectorId,
            _ => CollectorStatus.Empty.With(result),
            (_, old) => old.With(result));
    }

    public CollectorStatus Get(string collectorId) => _status.GetValueOrDefault(collectorId, CollectorStatus.Empty);
}

/// <param name="Runs">Runs this process made (scheduled, not replays), whatever their outcome.</param>
public sealed record CollectorStatus(CollectorRunResult? LastRun, DateTimeOffset? LastSuccess, int ConsecutiveFailures, long Runs = 0)
{
    public static CollectorStatus Empty { get; } = new(null, null, 0);

    internal CollectorStatus With(CollectorRunResult run) => run.Outcome switch
    {
        CollectorRunOutcome.Succeeded => new CollectorStatus(run, run.ScheduledTime, 0, Runs + 1),
        CollectorRunOutcome.Failed => new CollectorStatus(run, LastSuccess, ConsecutiveFailures + 1, Runs + 1),
        _ => this with { LastRun = run },
    };
}
