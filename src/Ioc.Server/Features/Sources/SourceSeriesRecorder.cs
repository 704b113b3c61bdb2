using System.Collections.Concurrent;
using System.Threading.Channels;
using Ioc.Core.Collecting;
using Ioc.Core.Configuration;

namespace Ioc.Server.Features.Sources;

/// <summary>
/// Remembers which source wrote which measurement, off the write's path: a pair this process already recorded
/// within <see cref="RefreshEvery"/> costs a dictionary look-up, a new one is queued (at most <see cref="MaxWaiting"/>)
/// and written in batches. A store that is down is logged once and tried again; no write ever waits for it.
/// </summary>
internal sealed partial class SourceSeriesRecorder : BackgroundService, ICollectorRunSink
{
    public const int MaxWaiting = 10_000;

    /// <summary>How stale a pair's time may grow in the store; an API key's state is judged by it.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(1);

    private const int BatchSize = 500;
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly ISourceSeriesStore _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<SourceSeriesRecorder> _logger;
    private readonly ConcurrentDictionary<(string Source, string Measurement), DateTimeOffset> _queued = new();
    private readonly Channel<SourceSeries> _queue;

    public SourceSeriesRecorder(ISourceSeriesStore store, TimeProvider clock, ILogger<SourceSeriesRecorder> logger)
    {
        _store = store;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<SourceSeries>(new BoundedChannelOptions(MaxWaiting) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    }

    /// <summary>A successful run's measurements, replays included: a replay writes for the same source.</summary>
    public void Add(CollectorRunResult result, bool replay)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == CollectorRunOutcome.Succeeded && result.Measurements is { Count: > 0 } measurements)
        {
            Seen(SourceNames.Collector(result.CollectorId), measurements);
        }
    }

    /// <summary>The source just stored points of these measurements.</summary>
    public void Seen(string source, IEnumerable<string> measurements)
    {
        var now = _clock.GetUtcNow();
        foreach (var measurement in measurements)
        {
            var key = (source, measurement);
            if (_queued.TryGetValue(key, out var last) && now - last < RefreshEvery)
            {
                continue;
            }

            // A full queue drops the pair and forgets it was queued, so the next write of it tries again.
            _queued[key] = now;
            if (!_queue.Writer.TryWrite(new SourceSeries(source, measurement, now)))
            {
                _queued.TryRemove(key, out _);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<SourceSeries>(BatchSize);
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (batch.Count == 0 && !await _queue.Reader.WaitToReadAsync(stoppingToken))
                {
                    return;
                }

                while (batch.Count < BatchSize && _queue.Reader.TryRead(out var pair))
                {
                    batch.Add(pair);
                }

                await _store.RecordAsync(batch, stoppingToken);
                batch.Clear();
                if (failing)
                {
                    failing = false;
                    LogRecovered();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!failing)
                {
                    failing = true;
                    LogStoreDown(batch.Count, ex.Message);
                }

                await Task.Delay(RetryAfter, _clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Which source writes which measurement cannot be recorded now ({Count} waiting): {Reason}; trying again until the configuration store answers")]
    private partial void LogStoreDown(int count, string reason);

    [LoggerMessage(LogLevel.Information, "Which source writes which measurement is recorded again")]
    private partial void LogRecovered();
}
