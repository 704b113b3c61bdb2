using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;

namespace Ioc.Server.Tests.Production;

/// <summary>
/// The compose demo without compose: Ioc in production mode (InfluxDB, PostgreSQL) never serves <c>/sim</c>, and the
/// shipped collectors read the simulator's own host through <c>Ioc:Variables:SIMULATOR_URL</c>.
/// </summary>
public sealed class SimulatorHostProductionTests : IAsyncLifetime
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
        _dir = Directory.CreateTempSubdirectory("ioc-sim-host-").FullName;
    }

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_influx.DisposeAsync(), _postgres.DisposeAsync(), _simulator.DisposeAsync().AsTask());
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task ProductionIoc_CollectsTheShippedCollectors_FromTheSimulatorsOwnHost_AndServesNoSim()
    {
        await using var ioc = await IocProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ioc:Mode"] = "Production",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_dir, "spool"),
            ["Ioc:PostgreSql:ConnectionString"] = await _postgres.CreateDatabaseAsync("ioc_sim_host"),
            ["Ioc:CollectorsPath"] = Path.Combine(IocServer.RepoRoot, "collectors"),
            ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
            ["Ioc:Variables:SIMULATOR_URL"] = _simulator.Url,
            ["Ioc:Scheduling:RunAllAtStart"] = "true",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });

        // Signed in as admin, so a 404 is the route's absence and not a refusal.
        using var sim = await ioc.Http.GetAsync(new Uri("/sim/payments/summary", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, sim.StatusCode);
        using var anonymous = await ioc.Probe.GetAsync(new Uri("/sim/portal/records", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        List<JsonElement> succeeded = [];
        while (DateTime.UtcNow < deadline && (succeeded.Count == 0 || await _influx.CountAsync("payments_online", "transactions_today") == 0))
        {
            await Task.Delay(250);
            var runs = await ioc.Http.GetFromJsonAsync<JsonElement>("/api/v1/collectors/payments-online/runs");
            succeeded = [.. runs.EnumerateArray().Where(r => r.GetProperty("outcome").GetString() == "succeeded")];
        }

        Assert.True(succeeded.Count > 0, $"payments-online never succeeded:\n{ioc.Output}");
        Assert.All(succeeded, r => Assert.True(r.GetProperty("points").GetInt32() > 0, r.GetRawText()));
        Assert.True(await _influx.CountAsync("payments_online", "transactions_today") > 0, $"no payments point reached InfluxDB:\n{ioc.Output}");
    }
}
