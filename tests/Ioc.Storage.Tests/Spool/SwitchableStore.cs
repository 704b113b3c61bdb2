using System.Diagnostics;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Storage.Tests.Spool;

internal enum StoreMode
{
    Up,

    /// <summary>Throws <see cref="StoreUnavailableException"/>, with <see cref="SwitchableStore.RetryAfter"/> if set.</summary>
    Down,

    /// <summary>Throws something that is not "unavailable": a bug, which must not be spooled.</summary>
    Broken,

    /// <summary>Throws a time-out of its own (not the caller's cancellation), as an HTTP client does.</summary>
    TimesOut,

    /// <summary>Throws <see cref="ObjectDisposedException"/>, as a store closed under a running replayer does.</summary>
    Closed,
}

/// <summary>
/// An in-memory store the test switches between up, down and broken; it keeps every point it took, in arrival
/// order and with repeats, so tests see exactly what a replay delivered.
/// </summary>
internal sealed class SwitchableStore : IMetricStore
{
    private readonly object _lock = new();
    private readonly List<MetricPoint> _received = [];
    private readonly List<TimeSpan> _attempts = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile StoreMode _mode;

    public StoreMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>When down, store this many points of the batch before failing, as a multi-request write can.</summary>
    public int PrefixStoredOnFailure { get; set; }

    /// <summary>Runs after the points are stored and before the write returns; a test can stop time there.</summary>
    public Func<CancellationToken, Task>? AfterStored { get; set; }

    public IReadOnlyList<MetricPoint> Received
    {
        get
        {
            lock (_lock)
            {
                return _received.ToList();
            }
        }
    }

    /// <summary>When each write was attempted, since the store was made.</summary>
    public IReadOnlyList<TimeSpan> Attempts
    {
        get
        {
            lock (_lock)
            {
                return _attempts.ToList();
            }
        }
    }

    public async Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var mode = _mode;
        lock (_lock)
        {
            _attempts.Add(_clock.Elapsed);
            if (mode == StoreMode.Down)
            {
                _received.AddRange(points.Take(PrefixStoredOnFailure));
            }
            else if (mode == StoreMode.Up)
            {
                _received.AddRange(points);
            }
        }

        switch (mode)
        {
            case StoreMode.Down:
                throw new StoreUnavailableException("connection refused (test)", RetryAfter);
            case StoreMode.Broken:
                throw new InvalidOperationException("the store is broken (test)");
            case StoreMode.TimesOut:
                throw new TaskCanceledException("the request timed out (test)");
            case StoreMode.Closed:
                throw new ObjectDisposedException("the store (test)");
        }

        if (AfterStored is { } after)
        {
            await after(cancellationToken);
        }
    }

    public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<SeriesRange>>([]);

    public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<LastValue>>([new LastValue(new SeriesKey(selector.Measurement, []), selector.Field, 1, 42)]);

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(_mode == StoreMode.Up);
}
