using System.Collections.Concurrent;
using Ioc.Core.Live;
using Ioc.Core.Metrics;

namespace Ioc.Core.Tests.Fakes;

internal sealed class RecordingPublisher : ILivePublisher
{
    private readonly ConcurrentQueue<IReadOnlyList<MetricPoint>> _batches = new();

    public Exception? FailWith { get; set; }

    public IReadOnlyList<IReadOnlyList<MetricPoint>> Batches => [.. _batches];

    public Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
    {
        if (FailWith is not null)
        {
            return Task.FromException(FailWith);
        }

        _batches.Enqueue([.. points]);
        return Task.CompletedTask;
    }
}
