using System.Collections.Concurrent;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Core.Tests.Fakes;

/// <summary>Remembers every batch written; optionally fails writes. Reads are not needed by Core's logic.</summary>
internal sealed class RecordingMetricStore : IMetricStore
{
    private readonly ConcurrentQueue<IReadOnlyList<MetricPoint>> _batches = new();

    public Exception? FailWith { get; set; }

    public IReadOnlyList<IReadOnlyList<MetricPoint>> Batches => [.. _batches];

    public IReadOnlyList<MetricPoint> Points => [.. _batches.SelectMany(b => b)];

    public Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null)
        {
            return Task.FromException(FailWith);
        }

        _batches.Enqueue([.. points]);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);
}
