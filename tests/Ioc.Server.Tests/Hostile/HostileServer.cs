using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Hostile;

/// <summary>
/// The built server as its own process, so its CPU can be read from /proc after each hostile request: every case
/// must leave it idle again within seconds, not grinding on something the client sent.
/// </summary>
public sealed class HostileServer : IAsyncLifetime
{
    public const int MaxBodyBytes = 1024 * 1024;
    public const int MaxSeriesPerMeasurement = 1000;

    private const int TicksPerSecond = 100;
    private readonly string _dir = Directory.CreateTempSubdirectory("ioc-hostile-").FullName;

    public IocProcess Ioc { get; private set; } = null!;

    public HttpClient Http => Ioc.Http;

    public async Task InitializeAsync() => Ioc = await IocProcess.StartAsync(new Dictionary<string, string>
    {
        ["Ioc:Storage:Sqlite:Path"] = Path.Combine(_dir, "ioc.db"),
        ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_dir, "config.db"),
        ["Ioc:CollectorsPath"] = Path.Combine(IocServer.RepoRoot, "collectors"),
        ["Ioc:DashboardsPath"] = Path.Combine(IocServer.RepoRoot, "dashboards"),
        ["Ioc:Variables:SIMULATOR_URL"] = "http://127.0.0.1:1",
        ["Ioc:Scheduling:Enabled"] = "false",
        ["Ioc:Access:SignInAttemptsPerMinute"] = "10000",
        ["Ioc:Ingest:MaxBodyBytes"] = MaxBodyBytes.ToString(CultureInfo.InvariantCulture),
        ["Ioc:Ingest:MaxSeriesPerMeasurement"] = MaxSeriesPerMeasurement.ToString(CultureInfo.InvariantCulture),
        ["Serilog:MinimumLevel:Default"] = "Warning",
    });

    public async Task DisposeAsync()
    {
        await Ioc.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Waits until the server uses under a quarter of one core over half a second; fails after 10 s.</summary>
    public async Task AssertIdleAsync(string afterWhat)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        double share;
        do
        {
            var before = CpuTicks();
            await Task.Delay(500);
            share = (CpuTicks() - before) / (TicksPerSecond * 0.5);
            if (share < 0.25)
            {
                return;
            }
        }
        while (DateTime.UtcNow < deadline);

        Assert.Fail($"after {afterWhat}, the server still used {share:P0} of a core 10 s later");
    }

    /// <summary>How many series of <paramref name="measurement"/> the store holds.</summary>
    public async Task<int> SeriesCountAsync(string measurement, string field = "v")
    {
        var answer = await Http.PostAsJsonAsync("/api/v1/query/last", new { queries = new[] { new { measurement, field } } });
        answer.EnsureSuccessStatusCode();
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("series").GetArrayLength();
    }

    private long CpuTicks()
    {
        // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name's closing parenthesis.
        var stat = File.ReadAllText($"/proc/{Ioc.ProcessId}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
