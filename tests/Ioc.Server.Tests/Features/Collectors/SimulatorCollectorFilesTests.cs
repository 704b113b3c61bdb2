using System.Net;
using System.Text;
using System.Text.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Collectors;

/// <summary>The shipped collector files of the leaders' KPI groups, test-run by an admin against the server's own simulator.</summary>
public sealed class SimulatorCollectorFilesTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("portal-records-by-sector.yaml", "dvc_records_sector", "sector_name")]
    [InlineData("edoc-exchange.yaml", "edoc_exchange", "level")]
    [InlineData("digital-signatures.yaml", "digital_signatures", "scope")]
    [InlineData("security-approvals.yaml", "infosec_approvals", "scope")]
    [InlineData("telecom-infrastructure.yaml", "broadband_units", "unit_name")]
    [InlineData("annual-indices.yaml", "community_tech_teams", "tier_name")]
    [InlineData("service-index-inputs.yaml", "service_index_inputs", "unit_name")]
    public async Task TestRun_YieldsPoints_WithTheirTags(string file, string measurement, string tag)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(IocServer.RepoRoot, "collectors", file));
        using var response = await _server.Http.PostAsync("/api/v1/collectors/test", new StringContent(yaml, Encoding.UTF8, "application/yaml"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var run = JsonDocument.Parse(body).RootElement;
        Assert.True(run.GetProperty("totalPoints").GetInt32() > 0, body);
        var point = run.GetProperty("points").EnumerateArray().First(p => p.GetProperty("measurement").GetString() == measurement);
        Assert.False(string.IsNullOrEmpty(point.GetProperty("tags").GetProperty(tag).GetString()), body);
    }
}
