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

    [Fact]
    public async Task ComposeDemo_BackFillsDailyHistory_FromTheSimulatorsOwnHost()
    {
        var collectors = Directory.CreateDirectory(Path.Combine(_dir, "history-collectors")).FullName;
        File.Copy(Path.Combine(IocServer.RepoRoot, "collectors", "payments-online.yaml"), Path.Combine(collectors, "payments-online.yaml"));
        await using var ioc = await IocProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ioc:Mode"] = "Production",
            ["Ioc:ComposeProfiles"] = "demo",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_dir, "history-spool"),
            ["Ioc:PostgreSql:ConnectionString"] = await _postgres.CreateDatabaseAsync("ioc_sim_history"),
            ["Ioc:CollectorsPath"] = collectors,
            ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
            ["Ioc:Variables:SIMULATOR_URL"] = _simulator.Url,
            ["Ioc:Scheduling:RunAllAtStart"] = "false",
            ["Ioc:Scheduling:ReplayOnStart"] = "00:00:00",
            ["Ioc:Simulator:History"] = "5d",
            ["Ioc:Simulator:HistoryStartDelay"] = "00:00:01",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        });

        // Live runs write the last minutes; only the back-fill writes the days before.
        long days = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && days < 4)
        {
            await Task.Delay(250);
            days = await OlderThanHalfADayAsync("payments_online", "transactions_ytd");
        }

        Assert.True(days is 4 or 5, $"{days} daily readings of the last 5 days:\n{ioc.Output}");
    }

    private async Task<long> OlderThanHalfADayAsync(string measurement, string field)
    {
        using var json = JsonDocument.Parse(await _influx.QueryAsync($"SELECT count(\"{field}\") FROM \"{measurement}\" WHERE time < now() - 12h"));
        var result = json.RootElement.GetProperty("results")[0];
        return result.TryGetProperty("series", out var series) ? series[0].GetProperty("values")[0][1].GetInt64() : 0;
    }
}
