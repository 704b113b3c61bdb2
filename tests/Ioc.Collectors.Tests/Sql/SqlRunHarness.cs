using System.Collections.Concurrent;
using Ioc.Collectors.Sql;
using Ioc.Core.Collecting;
using Ioc.Core.Live;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>
/// Runs a <c>sql</c> definition as the server does: read from YAML with the connection string as <c>${DB}</c>, built by
/// the kind, run by <see cref="CollectorRunner"/> for one slot, its points validated and kept, and its logs and status
/// kept for "never shows the password" checks.
/// </summary>
internal sealed class SqlRunHarness
{
    public const string Source = "collectors/sector-db.yaml";

    private readonly RecordingStore _store = new();

    public ListLogger<CollectorRunner> RunnerLog { get; } = new();

    public ListLogger<SqlCollector> CollectorLog { get; } = new();

    public CollectorStatusBoard Status { get; } = new();

    public IReadOnlyList<MetricPoint> Stored => [.. _store.Points];

    /// <summary>Every text a failure could reach an operator by: the logs and the status board.</summary>
    public string EverythingShown => $"{RunnerLog.AllText}\n{CollectorLog.AllText}\n{Status.Get("sector-db").LastRun?.Error}";

    public static CollectorDefinition Definition(string spec, string connectionString, string schedule = "*/5 * * * *", string timeout = "10s")
    {
        var yaml = $"apiVersion: ioc/v1\nid: sector-db\nkind: sql\nschedule: \"{schedule}\"\ntimeout: {timeout}\nspec:\n"
            + string.Join('\n', spec.Split('\n').Select(l => "  " + l));
        return CollectorDefinitionLoader.Parse(yaml, new Dictionary<string, string> { ["DB"] = connectionString }, Source);
    }

    public SqlCollector Build(CollectorDefinition definition) => (SqlCollector)new SqlCollectorKind(CollectorLog).Create(definition);

    public Task<CollectorRunResult> RunAsync(string spec, string connectionString, DateTimeOffset slot, string schedule = "*/5 * * * *", string timeout = "10s") =>
        RunAsync(Definition(spec, connectionString, schedule, timeout), slot);

    public async Task<CollectorRunResult> RunAsync(CollectorDefinition definition, DateTimeOffset slot)
    {
        var catalog = CollectorCatalog.Build([definition], [new SqlCollectorKind(CollectorLog)]);
        var pipeline = new MetricPipeline(_store, new SilentPublisher(), MetricValidator.Default, new ListLogger<MetricPipeline>());
        return await new CollectorRunner(catalog, pipeline, Status, RunnerLog).RunAsync(definition.Id, slot);
    }

    private sealed class RecordingStore : IMetricStore
    {
        public ConcurrentQueue<MetricPoint> Points { get; } = new();

        public Task WriteAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default)
        {
            foreach (var point in points)
            {
                Points.Enqueue(point);
            }

            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<SeriesRange>> QueryRangeAsync(RangeQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<LastValue>> QueryLastAsync(SeriesSelector selector, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);
    }

    private sealed class SilentPublisher : ILivePublisher
    {
        public Task PublishAsync(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
