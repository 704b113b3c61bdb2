using Ioc.Core.Metrics;

namespace Ioc.Core.Live;

/// <summary>
/// Pushes newly stored points to live subscribers. Called after the store has accepted the points;
/// an implementation must not throw for a subscriber's failure, and may drop nothing it was given
/// for a connected subscriber of that series.
/// </summary>
public interface ILivePublisher
{
    Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default);
}
