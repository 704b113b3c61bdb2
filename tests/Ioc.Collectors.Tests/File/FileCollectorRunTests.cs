using Ioc.Collectors.File;
using Ioc.Core.Collecting;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ioc.Collectors.Tests.File;

/// <summary>The kind under the real runner and pipeline: files move only when the store took their points.</summary>
public sealed class FileCollectorRunTests : IDisposable
{
    private readonly Inbox _inbox = new();
    private readonly Store _store = new();

    public void Dispose() => _inbox.Dispose();

    /// <summary>Keeps written points in memory, or refuses them like a store that is down.</summary>
    private sealed class Store : IMetricStore, ILivePublisher
    {
        public bool Down { get; set; }

        public List<MetricPoint> Points { get; } = [];

        public Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                throw new StoreUnavailableException("metric store is not answering");
            }

            Points.AddRange(points);
            return Task.CompletedTask;
        }

        public Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(!Down);
    }

    private CollectorRunner Runner()
    {
        var yaml = """
            apiVersion: ioc/v1
            id: dvc-monthly-reports
            kind: file
            schedule: "0 */10 * * * *"
            spec:
              folder: ${INBOX}
              decimal: ","
              measurement: dvc_monthly
              tags: { Đơn vị: district }
              fields: { Tỷ lệ hồ sơ trực tuyến (%): online_rate }
            """;
        var definition = CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["INBOX"] = _inbox.Path }, "collectors/dvc.yaml");
        var catalog = CollectorCatalog.Build([definition], [new FileCollectorKind(NullLoggerFactory.Instance)]);
        var pipeline = new MetricPipeline(_store, _store, new MetricValidator(TimeProvider.System, TimeSpan.FromDays(1)), NullLogger<MetricPipeline>.Instance);
        return new CollectorRunner(catalog, pipeline, new CollectorStatusBoard(), NullLogger<CollectorRunner>.Instance);
    }

    [Fact]
    public async Task Run_LeavesTheFileInPlace_WhenTheStoreIsDown_AndImportsItOnceWhenItIsBack()
    {
        _inbox.WriteText("thang-10.csv", "Đơn vị;Tỷ lệ hồ sơ trực tuyến (%)\nHuyện Hương Khê;81,17\nHuyện Hương Sơn;33,25\n");
        var runner = Runner();
        _store.Down = true;

        var failed = await runner.RunAsync("dvc-monthly-reports", Inbox.Slot);

        Assert.Equal(CollectorRunOutcome.Failed, failed.Outcome);
        Assert.Equal(["thang-10.csv"], _inbox.Files());

        _store.Down = false;
        var stored = await runner.RunAsync("dvc-monthly-reports", Inbox.Slot.AddMinutes(10));
        var nothingLeft = await runner.RunAsync("dvc-monthly-reports", Inbox.Slot.AddMinutes(20));

        Assert.Equal(CollectorRunOutcome.Succeeded, stored.Outcome);
        Assert.Equal(2, stored.Points);
        Assert.Equal(0, nothingLeft.Points);
        Assert.Equal([81.17, 33.25], _store.Points.Select(p => p.Fields[0].Value));
        Assert.Equal([".imported"], _inbox.Files());
        Assert.Equal(["thang-10.csv"], _inbox.Files("done"));
    }
}
