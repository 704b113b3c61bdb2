using System.Collections.Concurrent;
using Ioc.Core.Metrics;

namespace Ioc.Server.Live;

/// <summary>
/// Numbers live points per series so screens can drop duplicates and see gaps, whichever node published them. One
/// Ioc process numbers by itself (<see cref="LiveSequencer"/>, a stream per process); nodes sharing Redis number in
/// Redis (<see cref="RedisLiveSequencer"/>, one stream for the cluster until Redis loses its data).
/// </summary>
internal interface ILiveSequencer
{
    /// <summary>The stream numbers belong to now, known without a round trip.</summary>
    string Stream { get; }

    /// <summary>Numbers the entries in order. Callers serialise calls, so numbers leave in the order given.</summary>
    ValueTask<Numbered> NumberAsync(IReadOnlyList<Numbering> entries, CancellationToken cancellationToken);

    /// <summary>The last number of every series feeding the dashboard that has one.</summary>
    ValueTask<Subscription> DashboardSnapshotAsync(string dashboardId, Func<SeriesKey, bool> feeds, CancellationToken cancellationToken);

    ValueTask<Subscription> SeriesSnapshotAsync(IReadOnlyCollection<SeriesKey> keys, CancellationToken cancellationToken);
}

/// <summary>A point's series to number, and the dashboards it feeds (a cluster keeps their last numbers together).</summary>
internal readonly record struct Numbering(SeriesKey Series, IReadOnlyList<string> Dashboards);

internal sealed record Numbered(string Stream, long[] Seqs);

/// <summary>
/// Numbers published points per series so clients can drop duplicates and see gaps. The stream id changes
/// with every process, telling clients that numbering started again.
/// </summary>
/// <remarks>
/// At most <see cref="MaxCounters"/> counters are kept; past that, the quarter numbered longest ago is forgotten. A
/// forgotten series must never count from 1 again inside the stream (clients would drop its points as duplicates),
/// so each forgotten number raises the floor of its hash slot, and a new counter starts above its slot's floor: a
/// series that comes back shows a gap and its screens resync, as the contract asks, while series whose slot never
/// lost one still start at 1. The floors cost a fixed <see cref="FloorSlots"/> longs, whatever the traffic.
/// </remarks>
internal sealed class LiveSequencer(int maxCounters = LiveSequencer.MaxCounters) : ILiveSequencer
{
    public const int MaxCounters = 100_000;
    public const int FloorSlots = 1 << 18;

    private readonly ConcurrentDictionary<SeriesKey, Counter> _last = new();
    private readonly long[] _floors = new long[FloorSlots];
    private long _tick;

    public string Stream { get; } = Guid.NewGuid().ToString("N")[..12];

    public int Count => _last.Count;

    /// <summary>Callers serialise Next (the publisher does, under its lock), so numbers leave in order.</summary>
    public long Next(SeriesKey series)
    {
        var tick = ++_tick;
        if (_last.TryGetValue(series, out var counter))
        {
            _last[series] = new Counter(counter.Last + 1, tick);
            return counter.Last + 1;
        }

        if (_last.Count >= maxCounters)
        {
            Forget(maxCounters / 4);
        }

        var first = _floors[Slot(series)] + 1;
        _last[series] = new Counter(first, tick);
        return first;
    }

    public Dictionary<string, long> Snapshot(Func<SeriesKey, bool> include) =>
        _last.Where(e => include(e.Key)).ToDictionary(e => e.Key.Text, e => e.Value.Last, StringComparer.Ordinal);

    public ValueTask<Numbered> NumberAsync(IReadOnlyList<Numbering> entries, CancellationToken cancellationToken)
    {
        var seqs = new long[entries.Count];
        for (var i = 0; i < seqs.Length; i++)
        {
            seqs[i] = Next(entries[i].Series);
        }

        return ValueTask.FromResult(new Numbered(Stream, seqs));
    }

    // The publisher numbers on one sender; reads of a snapshot may meet a number being written, never a torn one.
    public ValueTask<Subscription> DashboardSnapshotAsync(string dashboardId, Func<SeriesKey, bool> feeds, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new Subscription(Stream, Snapshot(feeds)));

    public ValueTask<Subscription> SeriesSnapshotAsync(IReadOnlyCollection<SeriesKey> keys, CancellationToken cancellationToken)
    {
        var wanted = keys.Select(k => k.Text).ToHashSet(StringComparer.Ordinal);
        return ValueTask.FromResult(new Subscription(Stream, Snapshot(key => wanted.Contains(key.Text))));
    }

    /// <summary>Forgets the series numbered longest ago: a busy series on a wall keeps its counter.</summary>
    private void Forget(int count)
    {
        foreach (var (series, counter) in _last.OrderBy(e => e.Value.Touched).Take(count).ToList())
        {
            var slot = Slot(series);
            _floors[slot] = Math.Max(_floors[slot], counter.Last);
            _last.TryRemove(series, out _);
        }
    }

    private static int Slot(SeriesKey series) => series.GetHashCode() & (FloorSlots - 1);

    private readonly record struct Counter(long Last, long Touched);
}

/// <summary>Which connections want which series, so points of series nobody watches are not sent at all.</summary>
internal sealed class LiveSubscriptions
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _byConnection = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _watchers = new(StringComparer.Ordinal);

    public void Add(string connectionId, string seriesKey)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connectionId, out var keys))
            {
                _byConnection[connectionId] = keys = new HashSet<string>(StringComparer.Ordinal);
            }

            if (keys.Add(seriesKey))
            {
                _watchers[seriesKey] = _watchers.GetValueOrDefault(seriesKey) + 1;
            }
        }
    }

    public void Remove(string connectionId, string seriesKey)
    {
        lock (_gate)
        {
            if (_byConnection.TryGetValue(connectionId, out var keys) && keys.Remove(seriesKey))
            {
                Release(seriesKey);
            }
        }
    }

    public void RemoveConnection(string connectionId)
    {
        lock (_gate)
        {
            if (_byConnection.Remove(connectionId, out var keys))
            {
                foreach (var key in keys)
                {
                    Release(key);
                }
            }
        }
    }

    public int CountOf(string connectionId)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connectionId, out var keys) ? keys.Count : 0;
        }
    }

    public IReadOnlyCollection<string> Keys()
    {
        lock (_gate)
        {
            return [.. _watchers.Keys];
        }
    }

    public bool IsWatched(string seriesKey)
    {
        lock (_gate)
        {
            return _watchers.ContainsKey(seriesKey);
        }
    }

    private void Release(string seriesKey)
    {
        var left = _watchers[seriesKey] - 1;
        if (left == 0)
        {
            _watchers.Remove(seriesKey);
        }
        else
        {
            _watchers[seriesKey] = left;
        }
    }
}
