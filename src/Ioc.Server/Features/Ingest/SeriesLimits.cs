using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Features.Ingest;

/// <summary>
/// Keeps one API key from flooding the store (and every memo keyed by series) with series: each measurement may
/// hold at most <see cref="IngestOptions.MaxSeriesPerMeasurement"/> tag sets, counted from what the store holds (so
/// the limit outlives restarts), and each key may create at most <see cref="IngestOptions.MaxSeriesPerKey"/> new ones
/// while this process runs. A batch is admitted whole or refused whole, before anything of it is stored.
/// </summary>
internal sealed class SeriesLimits
{
    private static readonly TimeSpan RetryUnreadAfter = TimeSpan.FromMinutes(1);

    private readonly ISeriesCatalog? _catalog;
    private readonly int _perMeasurement;
    private readonly int _perKey;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _createdByKey = new(StringComparer.Ordinal);

    /// <summary>
    /// Measurements whose stored series could not be read (the store was down or refused the question), and when to
    /// ask again: not on every write, which would make each wait for a store that is not answering.
    /// </summary>
    private readonly Dictionary<string, DateTimeOffset> _unread = new(StringComparer.Ordinal);
    private readonly TimeProvider _clock;

    public SeriesLimits(IOptions<IngestOptions> options, TimeProvider clock, ISeriesCatalog? catalog = null)
    {
        _catalog = catalog;
        _clock = clock;
        _perMeasurement = options.Value.MaxSeriesPerMeasurement;
        _perKey = options.Value.MaxSeriesPerKey;
    }

    /// <summary>Null when the batch fits and its new series are now counted; otherwise why not, naming measurement and limit.</summary>
    public async Task<string?> AdmitAsync(string keyId, IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        // Measurements seen first here are read from the store, and remembered only if the batch is admitted, so
        // refused batches leave nothing behind.
        var loaded = new Dictionary<string, HashSet<string>?>(StringComparer.Ordinal);
        var distinct = DistinctSeries(points);
        foreach (var measurement in distinct.Select(s => s.Measurement).Distinct(StringComparer.Ordinal))
        {
            if (NeedsReading(measurement))
            {
                loaded[measurement] = await LoadAsync(measurement, cancellationToken);
            }
        }

        lock (_gate)
        {
            var added = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var views = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            HashSet<string> Known(string measurement)
            {
                if (!views.TryGetValue(measurement, out var view))
                {
                    var seen = _known.GetValueOrDefault(measurement);
                    var stored = loaded.GetValueOrDefault(measurement);
                    view = seen is null ? stored ?? [] : stored is null ? seen : [.. seen, .. stored];
                    views[measurement] = view;
                }

                return view;
            }

            var total = 0;
            foreach (var point in distinct)
            {
                var known = Known(point.Measurement);
                var key = point.Text;
                if (known.Contains(key))
                {
                    continue;
                }

                if (!added.TryGetValue(point.Measurement, out var fresh))
                {
                    added[point.Measurement] = fresh = new HashSet<string>(StringComparer.Ordinal);
                }

                if (fresh.Add(key))
                {
                    total++;
                    if (known.Count + fresh.Count > _perMeasurement)
                    {
                        return $"measurement '{point.Measurement}' would hold more than {_perMeasurement} series (Ioc:Ingest:MaxSeriesPerMeasurement); it has {known.Count}; nothing of this batch was stored";
                    }
                }
            }

            var created = _createdByKey.GetValueOrDefault(keyId);
            if (created + total > _perKey)
            {
                return $"this API key would create more than {_perKey} new series (Ioc:Ingest:MaxSeriesPerKey); it has created {created} and this batch adds {total}, first in measurement '{added.Keys.First()}'; nothing of this batch was stored";
            }

            foreach (var (measurement, series) in loaded)
            {
                var known = _known.TryGetValue(measurement, out var k) ? k : _known[measurement] = new HashSet<string>(StringComparer.Ordinal);
                if (series is null)
                {
                    _unread[measurement] = _clock.GetUtcNow() + RetryUnreadAfter;
                }
                else
                {
                    known.UnionWith(series);
                    _unread.Remove(measurement);
                }
            }

            foreach (var (measurement, fresh) in added)
            {
                _known[measurement].UnionWith(fresh);
            }

            if (total > 0)
            {
                _createdByKey[keyId] = created + total;
            }

            return null;
        }
    }

    /// <summary>
    /// The series of a batch, each once, in order of first appearance. Parsed points of one series share one key,
    /// so telling them apart by reference is enough to skip thousands of repeats; equal keys of separate points
    /// stay, and count once later.
    /// </summary>
    private static List<SeriesKey> DistinctSeries(IReadOnlyList<MetricPoint> points)
    {
        var seen = new HashSet<SeriesKey>(ReferenceEqualityComparer.Instance);
        var series = new List<SeriesKey>();
        foreach (var point in points)
        {
            if (seen.Add(point.Series))
            {
                series.Add(point.Series);
            }
        }

        return series;
    }

    private bool NeedsReading(string measurement)
    {
        lock (_gate)
        {
            return !_known.ContainsKey(measurement) || (_unread.TryGetValue(measurement, out var retryAt) && _clock.GetUtcNow() >= retryAt);
        }
    }

    /// <summary>
    /// The stored series, or null while the store cannot say: writes must go on through an outage (the spool keeps
    /// them), so the batch is judged on what this process has seen and the store is asked again next time.
    /// </summary>
    private async Task<HashSet<string>?> LoadAsync(string measurement, CancellationToken cancellationToken)
    {
        if (_catalog is null)
        {
            return [];
        }

        try
        {
            // One more than the limit is enough to know the measurement is full.
            var stored = await _catalog.ListSeriesAsync(measurement, _perMeasurement + 1, cancellationToken);
            return new HashSet<string>(stored.Select(s => s.Text), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is StoreUnavailableException or InvalidOperationException)
        {
            // InvalidOperationException: the store refused the question itself (a server without SHOW SERIES).
            return null;
        }
    }
}
