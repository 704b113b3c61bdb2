using System.Collections.Concurrent;
using Ioc.Core.Metrics;

namespace Ioc.Server.Live;

/// <summary>
/// Numbers published points per series so clients can drop duplicates and see gaps. The stream id changes
/// with every process, telling clients that numbering started again.
/// </summary>
internal sealed class LiveSequencer
{
    private readonly ConcurrentDictionary<SeriesKey, long> _last = new();

    public string Stream { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Callers serialise Next for one series (the publisher does), so numbers leave in order.</summary>
    public long Next(SeriesKey series) => _last.AddOrUpdate(series, 1, (_, n) => n + 1);

    public Dictionary<string, long> Snapshot(Func<SeriesKey, bool> include) =>
        _last.Where(e => include(e.Key)).ToDictionary(e => e.Key.Text, e => e.Value, StringComparer.Ordinal);
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
