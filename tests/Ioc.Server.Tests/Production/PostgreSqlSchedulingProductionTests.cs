using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;

namespace Ioc.Server.Tests.Production;

/// <summary>
/// Two Ioc processes in production mode on one PostgreSQL (Hangfire's jobs and the configuration store) and one
/// InfluxDB: both start together, and each scheduled run of a collector happens once, not once per process; a
/// collector an administrator makes or pauses on one takes effect on both without a restart.
/// </summary>
public sealed class PostgreSqlSchedulingProductionTests : IAsyncLifetime
{
    private readonly InfluxDbServer _influx = new();
    private readonly PostgreSqlServer _postgres = new();
    private SimulatorHostProcess _simulator = null!;
    private string _dir = null!;

    public async Task InitializeAsync()
    {
        var simulator = SimulatorHostProcess.StartAsync();
        await Task.WhenAll(_influx.InitializeAsync(), _postgres.InitializeAsync(), simulator);
        _simulator = await simulator;
        _dir = Directory.CreateTempSubdirectory("ioc-pg-").FullName;
        Directory.CreateDirectory(Path.Combine(_dir, "collectors"));
        await File.WriteAllTextAsync(Path.Combine(_dir, "collectors", "payments.yaml"), """
            apiVersion: ioc/v1
            id: payments-every-2s
            name: Thanh toán trực tuyến
            kind: http-json
            schedule: "*/2 * * * * *"
            timeout: 2s
            spec:
              url: ${SIMULATOR_URL}/sim/payments/summary
              asOfParameter: at
              mappings:
                - measurement: payments_online
                  tags: { scope: province }
                  fields: { transactions_today: $.transactionsToday }
            """);
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_influx.DisposeAsync(), _postgres.DisposeAsync(), _simulator.DisposeAsync().AsTask());
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task TwoProcesses_RunEachScheduledSlotOnce()
    {
        var database = await _postgres.CreateDatabaseAsync("ioc_two");
        Dictionary<string, string> Settings(int n) => ProcessSettings(database, $"spool-{n}");

        // Slots are counted from before either process starts, so runs made during start-up count against them too.
        var from = DateTimeOffset.UtcNow;
        var starting = new[] { IocProcess.StartAsync(Settings(1)), IocProcess.StartAsync(Settings(2)) };
        await using var first = await starting[0];
        await using var second = await starting[1];
        await Task.Delay(TimeSpan.FromSeconds(14));

        var runs = await RunsAsync(first) + await RunsAsync(second);
        var slots = (DateTimeOffset.UtcNow - from).TotalSeconds / 2;

        // Once per slot: at most one run per elapsed slot; run by both processes it would be about twice that.
        Assert.True(runs >= 4, $"only {runs} runs in {slots:0} slots:\n{first.Output}\n{second.Output}");
        Assert.True(runs <= slots + 1, $"{runs} runs for {slots:0} slots: some slot ran twice");
        var ready = await first.Http.GetFromJsonAsync<JsonElement>("/readyz");
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("influxdb").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ACollectorMadeOnOneProcess_RunsOnceASlot_AndPausesOnBoth_WithoutARestart()
    {
        var database = await _postgres.CreateDatabaseAsync("ioc_reload");
        Dictionary<string, string> Settings(int n)
        {
            var settings = ProcessSettings(database, $"reload-spool-{n}");
            settings["Ioc:Collectors:ReloadInterval"] = "00:00:00.500";
            return settings;
        }

        var starting = new[] { IocProcess.StartAsync(Settings(1)), IocProcess.StartAsync(Settings(2)) };
        await using var first = await starting[0];
        await using var second = await starting[1];

        var from = DateTimeOffset.UtcNow;
        using (var created = await first.Http.PostAsync("/api/v1/collectors", new StringContent("""
            apiVersion: ioc/v1
            id: payments-made-in-ioc
            name: Thanh toán trực tuyến — tạo trong IOC
            kind: http-json
            schedule: "*/2 * * * * *"
            timeout: 2s
            spec:
              url: ${SIMULATOR_URL}/sim/payments/summary
              asOfParameter: at
              mappings:
                - measurement: payments_made_in_ioc
                  fields: { transactions_today: $.transactionsToday }
            """, System.Text.Encoding.UTF8, "application/yaml")))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        await Task.Delay(TimeSpan.FromSeconds(10));
        var slots = (await ScheduledRunsAsync(second, "payments-made-in-ioc")).Select(r => r.GetProperty("slot").GetDateTimeOffset()).ToList();
        var elapsed = (DateTimeOffset.UtcNow - from).TotalSeconds / 2;
        Assert.True(slots.Count >= 3, $"only {slots.Count} runs in {elapsed:0} slots:\n{first.Output}\n{second.Output}");
        Assert.Equal(slots.Count, slots.Distinct().Count());
        Assert.True(slots.Count <= elapsed + 1, $"{slots.Count} runs for {elapsed:0} slots");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await second.Http.PostAsync("/api/v1/collectors/payments-made-in-ioc/disable", null)).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var whenPaused = (await ScheduledRunsAsync(first, "payments-made-in-ioc")).Count;
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(whenPaused, (await ScheduledRunsAsync(first, "payments-made-in-ioc")).Count);
    }

    /// <summary>A production process on the shared PostgreSQL and InfluxDB, scheduling on, with the simulator's own host as its source.</summary>
    private Dictionary<string, string> ProcessSettings(string database, string spool) => new()
    {
        ["Ioc:Mode"] = "Production",
        ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
        ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
        ["Ioc:Storage:Spool:Path"] = Path.Combine(_dir, spool),
        ["Ioc:PostgreSql:ConnectionString"] = database,
        ["Ioc:CollectorsPath"] = Path.Combine(_dir, "collectors"),
        ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
        ["Ioc:Variables:SIMULATOR_URL"] = _simulator.Url,
        ["Ioc:Scheduling:RunAllAtStart"] = "false",
        ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
        ["Serilog:MinimumLevel:Default"] = "Warning",
    };

    private static async Task<List<JsonElement>> ScheduledRunsAsync(IocProcess ioc, string id) =>
        [.. (await ioc.Http.GetFromJsonAsync<JsonElement>($"/api/v1/collectors/{id}/runs")).EnumerateArray().Where(r => !r.GetProperty("replay").GetBoolean() && r.GetProperty("outcome").GetString() == "succeeded")];

    private static async Task<long> RunsAsync(IocProcess ioc)
    {
        var collectors = await ioc.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors");
        return collectors.EnumerateArray().Sum(c => c.GetProperty("status").GetProperty("runs").GetInt64());
    }
}
