using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Spool;

/// <summary>
/// Puts a durable spool in front of a store that can be down (InfluxDB), so no accepted point is lost to an
/// outage. A write goes straight to the store while nothing is spooled; if the store is unavailable (or lets the
/// write time out: a cancellation the caller did not ask for), the batch goes to disk (flushed before the write
/// returns) and counts as stored. While anything is spooled, writes join the queue behind it, so nothing overtakes
/// spooled data; <see cref="SpoolReplayer"/> drains it in order.
/// A replay may repeat what the store already took (a prefix of a failed write, or a record replayed just before
/// a crash and not yet checkpointed): every point carries its timestamp, so repeating it overwrites, never duplicates.
/// When the spool is full, the write is refused with <see cref="StoreUnavailableException"/>, so senders retry.
/// Reads always go to the store.
/// </summary>
/// <remarks>
/// One async lock covers the direct-or-spool decision, appends and replay progress, but not the direct write
/// itself: while the store is healthy, writes reach it concurrently and the lock is held for microseconds.
/// A direct write that fails counts as "spilling" until its batch is appended, and a write deciding meanwhile
/// joins the spool, so once any write has failed none that starts later can overtake it. Writes that were
/// already under way when it failed are concurrent with it; between those no order was promised anyway.
/// </remarks>
internal sealed partial class SpoolingMetricStore : IMetricStore, IAsyncDisposable
{
    private readonly IMetricStore _inner;
    private readonly SpoolJournal _journal;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TimeProvider _clock;
    private readonly ILogger<SpoolingMetricStore> _logger;
    private readonly SpoolMetrics _metrics;
    private readonly long _maxBytes;
    private TaskCompletionSource _hasData = NewSignal();
    private int _spilling;
    private long _replayed;
    private long _dropped;
    private string? _lastError;
    private bool _full;
    private DateTimeOffset? _replayFailingSince;
    private string? _lastReplayError;
    private DateTimeOffset? _lastReplayFailureAt;
    private long _replayNotBeforeTicks;
    private volatile SpoolStatus _status;
    private volatile bool _disposed;

    public SpoolingMetricStore(IMetricStore inner, IOptions<SpoolOptions> options, ILogger<SpoolingMetricStore> logger, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        System.ComponentModel.DataAnnotations.Validator.ValidateObject(
            settings, new System.ComponentModel.DataAnnotations.ValidationContext(settings), validateAllProperties: true);
        _inner = inner;
        Options = settings;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        _maxBytes = settings.MaxBytes;

        // Recovery runs here, at start-up (the host builds the replayer, and with it this, before serving):
        // a folder that cannot be opened stops the start with its name rather than failing the first write.
        _journal = SpoolJournal.Open(Path.GetFullPath(settings.Path), settings.SegmentBytes, logger);
        if (!_journal.IsEmpty)
        {
            _hasData.TrySetResult();
        }

        _status = Snapshot();
        _metrics = new SpoolMetrics(_journal.Folder, () => _status);
    }

    /// <summary>The latest snapshot, with <see cref="SpoolStatus.ReplayStalled"/> worked out for now.</summary>
    public SpoolStatus Status
    {
        get
        {
            var status = _status;
            var stalled = status is { DepthPoints: > 0, ReplayFailingSince: { } since } && _clock.GetUtcNow() - since >= Options.ReplayStalledAfter;
            return stalled ? status with { ReplayStalled = true } : status;
        }
    }

    internal SpoolOptions Options { get; }

    internal IMetricStore Inner => _inner;

    internal bool IsDisposed => _disposed;

    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (points.Count == 0)
        {
            return;
        }

        bool direct;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            direct = _journal.IsEmpty && Volatile.Read(ref _spilling) == 0;
        }
        finally
        {
            _gate.Release();
        }

        if (!direct)
        {
            await AppendAsync(points, cause: null, cancellationToken);
            return;
        }

        try
        {
            await _inner.WriteAsync(points, cancellationToken);
        }
        catch (Exception ex) when (AsUnavailable(ex, cancellationToken) is { } unavailable)
        {
            Interlocked.Increment(ref _spilling);
            try
            {
                LogSpilling(points.Count, unavailable.Message);
                await AppendAsync(points, unavailable, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _spilling);
            }
        }
    }

    public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) =>
        _inner.QueryRangeAsync(query, cancellationToken);

    public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) =>
        _inner.QueryLastAsync(selector, cancellationToken);

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => _inner.PingAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        // An append under way finishes first, so its batch is either whole on disk or refused.
        await _gate.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _journal.Dispose();
            _metrics.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task AppendAsync(IReadOnlyList<MetricPoint> points, StoreUnavailableException? cause, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var batch = SpoolRecord.Encode(points, now);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_journal.DepthBytes + batch.Bytes.Length > _maxBytes)
            {
                _dropped += points.Count;
                _full = true;
                _lastError = $"spool full: {_journal.DepthBytes} of {_maxBytes} bytes wait for the store";
                _status = Snapshot();
                LogFull(points.Count, _journal.DepthBytes, _maxBytes);
                throw new StoreUnavailableException(
                    $"spool full: {_journal.DepthBytes} of {_maxBytes} bytes wait for the store; {points.Count} points refused", RetryHint(now), cause);
            }

            var wasEmpty = _journal.IsEmpty;
            try
            {
                _journal.Append(batch);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A full or failing disk: the sender is told to retry, as for a full spool.
                _dropped += points.Count;
                _lastError = $"spool cannot write: {ex.Message}";
                _status = Snapshot();
                LogAppendFailed(ex, points.Count, _journal.Folder);
                throw new StoreUnavailableException($"spool cannot write to {_journal.Folder}: {ex.Message}", RetryHint(now), ex);
            }

            // There was room after all: an earlier, bigger batch's refusal must not go on reporting the spool full.
            _full = false;
            if (cause is not null)
            {
                _lastError = $"store unavailable: {cause.Message}";
                var wait = Math.Clamp((cause.RetryAfter ?? Options.InitialBackoff).Ticks, 0, Options.MaxRetryAfter.Ticks);
                Volatile.Write(ref _replayNotBeforeTicks, (now + TimeSpan.FromTicks(wait)).UtcTicks);
            }

            if (wasEmpty)
            {
                _hasData.TrySetResult();
            }

            _status = Snapshot();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Room comes back only when the replayer gets through, so the sender should not return before its next try.
    private TimeSpan RetryHint(DateTimeOffset now)
    {
        var wait = ReplayNotBefore - now;
        return wait > TimeSpan.FromSeconds(1) ? wait : TimeSpan.FromSeconds(1);
    }

    /// <summary>
    /// A time-out that the store let through as a cancellation (an HTTP client's own deadline) says "not now" just
    /// as <see cref="StoreUnavailableException"/> does; only the caller's own cancellation is a cancellation.
    /// </summary>
    private static StoreUnavailableException? AsUnavailable(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        StoreUnavailableException unavailable => unavailable,
        OperationCanceledException when !cancellationToken.IsCancellationRequested =>
            new StoreUnavailableException($"the store did not answer in time ({ex.Message})", retryAfter: null, ex),
        _ => null,
    };

    private SpoolStatus Snapshot() => new(
        _journal.DepthPoints,
        _journal.DepthBytes,
        _maxBytes,
        _replayed,
        _dropped,
        _journal.OldestSpooledAt,
        _lastError,
        _full,
        _replayFailingSince,
        _lastReplayError,
        _lastReplayFailureAt);

    /// <summary>
    /// Lets go of the folder's lock and of nothing else, as the operating system does when the process is killed.
    /// For tests that play a crash and a restart within one process.
    /// </summary>
    internal void ReleaseFolderLock() => _journal.ReleaseFolderLock();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(LogLevel.Warning, "Store unavailable ({Reason}); spooling {Count} points to disk")]
    private partial void LogSpilling(int count, string reason);

    [LoggerMessage(LogLevel.Error, "Spool full ({Depth} of {Max} bytes); refused {Count} points")]
    private partial void LogFull(int count, long depth, long max);

    [LoggerMessage(LogLevel.Error, "Could not spool {Count} points to {Folder}; the write is refused")]
    private partial void LogAppendFailed(Exception exception, int count, string folder);
}
