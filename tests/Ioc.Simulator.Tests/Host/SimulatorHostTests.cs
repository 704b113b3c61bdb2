using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Ioc.Simulator.Model;
using Ioc.Testing;

namespace Ioc.Simulator.Tests.Host;

/// <summary>The simulator's own host, run as its own process the way the compose demo runs it.</summary>
public sealed class SimulatorHostTests : IClassFixture<SimulatorHostTests.Host>
{
    private readonly SimulatorHostProcess _host;

    public SimulatorHostTests(Host host) => _host = host.Process;

    [Fact]
    public async Task Healthz_Answers200()
    {
        using var response = await _host.Http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(SimulatorEndpointsTests.Endpoints), MemberType = typeof(SimulatorEndpointsTests))]
    public async Task Host_ServesEverySimEndpoint_WithTheContractFields(string path, string[] fields)
    {
        using var response = await _host.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = Assert.IsType<JsonObject>(JsonNode.Parse(await response.Content.ReadAsStringAsync()));
        Assert.Equal(fields.Order(), json.Select(p => p.Key).Order());
    }

    [Fact]
    public async Task Host_ModelsTheProvinceAndSeedOfItsSettings()
    {
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        at = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        var expected = SimulatorEndpoints.Serialize(new ProvinceSimulator(ProvinceProfiles.Find("NA")!, 7).Payments(at));

        var answer = await _host.Http.GetStringAsync(new Uri($"/sim/payments/summary?at={Uri.EscapeDataString(at.ToString("O", CultureInfo.InvariantCulture))}", UriKind.Relative));
        var profile = JsonNode.Parse(await _host.Http.GetStringAsync(new Uri("/sim/profile", UriKind.Relative)))!;

        Assert.Equal(expected, answer);
        Assert.Equal("NA", profile["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Host_AnswersOnlyAsFarBackAsItsMaxAsOfAge()
    {
        var old = DateTimeOffset.UtcNow.AddDays(-20).ToString("O", CultureInfo.InvariantCulture);

        using var response = await _host.Http.GetAsync(new Uri($"/sim/payments/summary?at={Uri.EscapeDataString(old)}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Ioc:Simulator:MaxAsOfAge (10 days)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_SaysWhatItSimulates_WhenStarted()
    {
        await WaitUntilAsync(() => _host.Output.Contains("Simulating province NA (seed 7)", StringComparison.Ordinal));

        Assert.Contains("Simulating province NA (seed 7) under /sim", _host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_RefusesToStart_NamingTheSetting_WhenTheProvinceIsUnknown()
    {
        var (exit, output) = await SimulatorHostProcess.RunToExitAsync(new Dictionary<string, string> { ["Ioc:Simulator:Province"] = "XX" });

        Assert.NotEqual(0, exit);
        Assert.Contains("Ioc:Simulator:Province must be one of: HT", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }
    }

    public sealed class Host : IAsyncLifetime
    {
        public SimulatorHostProcess Process { get; private set; } = null!;

        public async Task InitializeAsync() => Process = await SimulatorHostProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ioc:Simulator:Province"] = "NA",
            ["Ioc:Simulator:Seed"] = "7",
            ["Ioc:Simulator:MaxAsOfAge"] = "10.00:00:00",
        });

        public async Task DisposeAsync() => await Process.DisposeAsync();
    }
}
