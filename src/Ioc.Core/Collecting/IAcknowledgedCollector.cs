using Ioc.Core.Metrics;

namespace Ioc.Core.Collecting;

/// <summary>
/// Optional capability of a collector whose source must learn that its points were stored: a file moved out of
/// an inbox, a queue message acknowledged. The runner calls <see cref="CollectPendingAsync"/> instead of
/// <see cref="ICollector.CollectAsync"/> and acknowledges the batch only after the pipeline stored all of it; a run
/// that fails to store acknowledges nothing, so the source offers the same data again. The collector itself still
/// never writes points; <see cref="ICollector.CollectAsync"/> stays a read without side effects.
/// </summary>
public interface IAcknowledgedCollector : ICollector
{
    Task<CollectedBatch> CollectPendingAsync(CollectContext context, CancellationToken cancellationToken);
}

/// <summary>Points of one run and what the source needs done once the runner has stored them.</summary>
public sealed class CollectedBatch
{
    private readonly Func<CancellationToken, Task> _acknowledge;

    public CollectedBatch(IReadOnlyList<MetricPoint> points, Func<CancellationToken, Task> acknowledge)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(acknowledge);
        Points = points;
        _acknowledge = acknowledge;
    }

    public IReadOnlyList<MetricPoint> Points { get; }

    /// <summary>Called by the runner once, after every point of <see cref="Points"/> was stored.</summary>
    public Task AcknowledgeAsync(CancellationToken cancellationToken) => _acknowledge(cancellationToken);
}
