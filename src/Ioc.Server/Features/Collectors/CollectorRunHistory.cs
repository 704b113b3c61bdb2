using System.Threading.Channels;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// Writes every run to the configuration store, in batches, off the run's path: a slow or absent store never delays
/// a collection. While the store is down, runs wait in memory (at most <see cref="MaxWaiting"/>, the oldest dropped
/// and counted) and are written once it answers. Old runs are pruned hourly (<see cref="CollectorHistoryOptions"/>).
/// </summary>
internal sealed partial class CollectorRunHistory : BackgroundService, ICollectorRunSink
{
    public const int MaxWaiting = 10_000;
    private const int BatchSize = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    // A restarted database leaves broken connections in the client's pool, each failing once, at once: retrying
    // quickly at first drains them within seconds instead of one per RetryAfter.
    private static readonly TimeSpan QuickRetryAfter = TimeSpan.FromMilliseconds(200);
    private const int QuickRetries = 30;
    private static readonly TimeSpan PruneEvery = TimeSpan.FromHours(1);

    private readonly ICollectorRunStore _store;
    private readonly TimeProvider _clock;
    private readonly CollectorHistoryOptions _options;
    private readonly ILogger<CollectorRunHistory> _logger;
    private readonly Channel<CollectorRunRecord> _queue;
    private long _dropped;

    public CollectorRunHistory(ICollectorRunStore store, TimeProvider clock, IOptions<CollectorHistoryOptions> options, ILogger<CollectorRunHistory> logger)
    {
        _store = store;
        _clock = clock;
        _options = options.Value;
        _logger = logger;
        _queue = Channel.CreateBounded<CollectorRunRecord>(
            new BoundedChannelOptions(MaxWaiting) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
    }

    /// <summary>Runs lost because the store stayed away longer than the queue could hold.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Add(CollectorRunResult result, bool replay)
    {
        ArgumentNullException.ThrowIfNull(result);
        var now = _clock.GetUtcNow();
        _queue.Writer.TryWrite(new CollectorRunRecord(
            result.CollectorId, result.ScheduledTime, now - result.Duration, result.Duration, result.Outcome, result.Points, result.Error, replay, Environment.MachineName));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<CollectorRunRecord>(BatchSize);
        var nextPrune = _clock.GetUtcNow();
        var failing = false;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var run))
                {
                    batch.Add(run);
                }

                await _store.AppendRunsAsync(batch, stoppingToken);
                batch.Clear();
                failures = 0;
                if (failing)
                {
                    failing = false;
                    LogWritingAgain(Dropped);
                }

                if (_clock.GetUtcNow() >= nextPrune)
                {
                    nextPrune = _clock.GetUtcNow() + PruneEvery;
                    LogPruned(await _store.PruneRunsAsync(_options.KeepRuns, _clock.GetUtcNow() - _options.KeepFor, stoppingToken));
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The batch is kept and written again; meanwhile new runs wait in the queue.
                if (!failing)
                {
                    failing = true;
                    LogCannotWrite(ex, batch.Count);
                }

                await Task.Delay(++failures <= QuickRetries ? QuickRetryAfter : RetryAfter, _clock, stoppingToken);
            }
        }
    }

    /// <summary>Writes what still waits when the host stops, within the host's shutdown time.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var rest = new List<CollectorRunRecord>();
        while (_queue.Reader.TryRead(out var run))
        {
            rest.Add(run);
        }

        try
        {
            await _store.AppendRunsAsync(rest, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLostAtStop(ex, rest.Count);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not write the last {Count} collector runs before stopping")]
    private partial void LogLostAtStop(Exception exception, int count);

    [LoggerMessage(LogLevel.Warning, "Cannot write {Count} collector runs to the configuration store; they wait in memory and are written when it answers")]
    private partial void LogCannotWrite(Exception exception, int count);

    [LoggerMessage(LogLevel.Information, "Writing collector runs again; {Dropped} were dropped while the configuration store was away")]
    private partial void LogWritingAgain(long dropped);

    [LoggerMessage(LogLevel.Debug, "Pruned {Count} old collector runs")]
    private partial void LogPruned(int count);
}
