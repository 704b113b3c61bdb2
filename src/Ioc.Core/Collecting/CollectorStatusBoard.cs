using System.Collections.Concurrent;

namespace Ioc.Core.Collecting;

/// <summary>
/// Receives every finished run besides the board (the server keeps a history of them); must not block, since it is
/// told from the run itself.
/// </summary>
public interface ICollectorRunSink
{
    void Add(CollectorRunResult result, bool replay);
}

/// <summary>What each collector last did, for the admin view and for telling fresh data from stale.</summary>
public sealed class CollectorStatusBoard(IEnumerable<ICollectorRunSink>? sinks = null, SecretMask? mask = null)
{
    private readonly ConcurrentDictionary<string, CollectorStatus> _status = new(StringComparer.Ordinal);
    private readonly ICollectorRunSink[] _sinks = [.. sinks ?? []];

    public void Record(CollectorRunResult result) => Record(result, replay: false);

    /// <param name="replay">A replayed past slot: kept by the sinks, not counted as the collector's last run.</param>
    public void Record(CollectorRunResult result, bool replay)
    {
        ArgumentNullException.ThrowIfNull(result);
        // The admin view and /api/v1/collectors show this error; a source URL in it must not carry its secrets,
        // nor may the text a source echoed back.
        result = result.Error is null ? result : result with { Error = Mask(RedactedUrl.InText(result.Error)) };
        if (!replay)
        {
            _status.AddOrUpdate(
                result.CollectorId,
                _ => CollectorStatus.Empty.With(result),
                (_, old) => old.With(result));
        }

        foreach (var sink in _sinks)
        {
            sink.Add(result, replay);
        }
    }

    private string Mask(string text) => mask is null ? text : mask.Mask(text);

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
