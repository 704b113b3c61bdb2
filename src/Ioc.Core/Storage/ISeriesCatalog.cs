using Ioc.Core.Metrics;

namespace Ioc.Core.Storage;

/// <summary>
/// Optional capability of a metric store: the series it holds, so ingest can bound how many a measurement may have
/// across restarts. A series here is a measurement and a tag set, whatever its fields.
/// </summary>
public interface ISeriesCatalog
{
    /// <summary>Distinct series of <paramref name="measurement"/>, at most <paramref name="limit"/> of them, in no particular order.</summary>
    Task<IReadOnlyList<SeriesKey>> ListSeriesAsync(string measurement, int limit, CancellationToken cancellationToken = default);
}
