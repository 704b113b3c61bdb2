using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using Xunit.Abstractions;

namespace Ioc.Server.Tests.Cluster;

/// <summary>
/// Ten minutes of fast schedules on two nodes sharing PostgreSQL, InfluxDB and Redis: every slot of every collector
/// runs, and runs once, whichever node takes it.
/// </summary>
public sealed class ClusterSchedulingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);
    private static readonly (string Id, string Schedule, int Seconds)[] Collectors =
    [
        ("payments-every-2s", "*/2 * * * * *", 2),
        ("payments-copy-every-2s", "*/2 * * * * *", 2),
        ("payments-every-5s", "*/5 * * * * *", 5),
    ];

    private readonly InfluxDbServer _influx = new();
    private readonly PostgreSqlServer _postgres = new();
    private readonly RedisServer _redis = new();
    private SimulatorHostProcess _simulator = null!;
    private string _folder = null!;

    public async Task InitializeAsync()
    {
        var simulator = SimulatorHostProcess.StartAsync();
        await Task.WhenAll(_influx.InitializeAsync(), _postgres.InitializeAsync(), _redis.InitializeAsync(), simulator);
        _simulator = await simulator;
        _folder = Directory.CreateTempSubdirectory("ioc-cluster-jobs-").FullName;
        Directory.CreateDirectory(Path.Combine(_folder, "collectors"));
        foreach (var (id, schedule, _) in Collectors)
        {
            await File.WriteAllTextAsync(Path.Combine(_folder, "collectors", id + ".yaml"), $$"""
                apiVersion: ioc/v1
                id: {{id}}
                name: Thanh toán trực tuyến ({{id}})
                kind: http-json
                schedule: "{{schedule}}"
                timeout: 2s
                spec:
                  url: ${SIMULATOR_URL}/sim/payments/summary
                  asOfParameter: at
                  mappings:
                    - measurement: {{id.Replace('-', '_')}}
                      tags: { scope: province }
                      fields: { transactions_today: $.transactionsToday }
                """);
        }
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_influx.DisposeAsync(), _postgres.DisposeAsync(), _redis.DisposeAsync(), _simulator.DisposeAsync().AsTask());
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TenMinutesOfFastSchedules_RunEverySlotOnce_AcrossTwoNodes()
    {
        var database = await _postgres.CreateDatabaseAsync("ioc_cluster_jobs");
        Dictionary<string, string> Settings(string node) => new()
        {
            ["Ioc:Mode"] = "Production",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_folder, "spool-" + node),
            ["Ioc:PostgreSql:ConnectionString"] = database,
            ["Ioc:CollectorsPath"] = Path.Combine(_folder, "collectors"),
            ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
            ["Ioc:Variables:SIMULATOR_URL"] = _simulator.Url,
            ["Ioc:Live:Redis:Configuration"] = _redis.Configuration,
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };

        await using var a = await IocProcess.StartAsync(Settings("a"));
        await using var b = await IocProcess.StartAsync(Settings("b"));
        await Task.Delay(Duration);

        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, _, seconds) in Collectors)
        {
            var runs = (await a.Http.GetFromJsonAsync<JsonElement>($"/api/v1/collectors/{id}/runs?limit=1000")).EnumerateArray()
                .Where(r => r.GetProperty("outcome").GetString() != "skipped")
                .Select(r => (Slot: r.GetProperty("slot").GetDateTimeOffset(), Outcome: r.GetProperty("outcome").GetString(), Node: r.GetProperty("node").GetString()!))
                .OrderBy(r => r.Slot)
                .ToList();
            nodes.UnionWith(runs.Select(r => r.Node));

            // Once: no slot twice. Every one: no slot missing between the first and the last run.
            var twice = runs.GroupBy(r => r.Slot).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.True(twice.Count == 0, $"{id}: slots run more than once: {string.Join(", ", twice.Take(5))}");
            var expected = (int)((runs[^1].Slot - runs[0].Slot).TotalSeconds / seconds) + 1;
            Assert.Equal(expected, runs.Count);
            Assert.True(runs.Count >= (Duration.TotalSeconds / seconds) - 5, $"{id}: {runs.Count} runs in {Duration.TotalMinutes} minutes");
            Assert.All(runs, r => Assert.Equal("succeeded", r.Outcome));
            output.WriteLine($"{id}: {runs.Count} slots, each once; by node: {string.Join(", ", runs.GroupBy(r => r.Node).Select(g => $"{g.Key} {g.Count()}"))}");
        }

        output.WriteLine($"nodes that ran slots: {string.Join(", ", nodes)}");
    }
}
