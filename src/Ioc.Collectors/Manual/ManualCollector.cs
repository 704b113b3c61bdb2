using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Manual;

/// <summary>Collects nothing: its figures are entered by administrators, and it is never scheduled.</summary>
internal sealed class ManualCollector(ManualSeries series) : IManualCollector
{
    public ManualSeries Series { get; } = series;

    public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MetricPoint>>([]);
}
