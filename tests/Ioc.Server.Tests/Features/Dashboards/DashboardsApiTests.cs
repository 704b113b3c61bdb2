using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Features.Dashboards;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Hosting;
using Ioc.Server.Tests.Hosting;
using Ioc.Server.Tests.Live;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Features.Dashboards;

public sealed class DashboardsApiTests(LiveServerFixture fixture) : IClassFixture<LiveServerFixture>
{
    private IocServer Server => fixture.Server;

    [Fact]
    public async Task Root_RedirectsAnAdminToTheLeadersDashboard_AndTheWallRendersEveryPanel()
    {
        var root = await Server.Http.GetAsync("/");
        var landing = root.Headers.Location?.ToString() ?? "";
        Assert.StartsWith("/d/", landing, StringComparison.Ordinal);
        Assert.Equal(Ioc.Core.Dashboards.DashboardDefinition.LeadersAudience, Server.Get<DashboardCatalog>().Find(landing[3..])?.Audience);

        var html = await Server.Http.GetStringAsync("/d/operations-wall");
        var wall = Server.Get<DashboardCatalog>().Find("operations-wall")!;
        foreach (var panel in wall.Panels)
        {
            Assert.Contains($"data-panel-id=\"{panel.Id}\"", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Data_ReturnsLastValuesAndHistory_PerPanel()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        using var content = new StringContent(
            $"dvc_records,level=province,unit=HT,unit_name=Tỉnh\\ Hà\\ Tĩnh received_today=1200,received_online_today=900,online_rate=81.17 {ts - 60_000}\n" +
            $"dvc_records,level=province,unit=HT,unit_name=Tỉnh\\ Hà\\ Tĩnh received_today=1250,received_online_today=940,online_rate=81.2 {ts}",
            Encoding.UTF8);
        Assert.Equal(HttpStatusCode.NoContent, (await Server.Http.PostAsync("/api/v1/write?precision=ms", content)).StatusCode);

        var data = await Server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dashboards/operations-wall/data");

        var stat = data.GetProperty("panels").GetProperty("records-online-rate").GetProperty("series")[0];
        Assert.Equal(81.2, stat.GetProperty("last").GetProperty("value").GetDouble());
        Assert.Equal("Toàn tỉnh", stat.GetProperty("label").GetString());
        var trend = data.GetProperty("panels").GetProperty("records-received-trend").GetProperty("series");
        var received = trend.EnumerateArray().Single(s => s.GetProperty("field").GetString() == "received_today");
        Assert.True(received.GetProperty("points").GetArrayLength() >= 2);
        Assert.True(data.GetProperty("serverTime").GetDouble() >= ts);
    }

    [Fact]
    public async Task UnknownDashboard_Is404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("/api/v1/dashboards/nope/data")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync("/d/nope")).StatusCode);
    }

    [Fact]
    public async Task InvalidDashboardFile_FailsStartup_NamingFilePanelAndField()
    {
        var dir = Directory.CreateTempSubdirectory("ioc-dash-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "broken.json"), """
                { "apiVersion": "ioc/v1", "id": "broken", "title": "Broken",
                  "panels": [ { "id": "gauge-1", "type": "gauge", "title": "G",
                                "series": [ { "measurement": "m", "field": "" } ], "options": { "max": 100 } } ] }
                """);
            await using var app = IocApplication.Build(
            [
                "--environment=Testing", $"--Ioc:DashboardsPath={dir}", $"--Ioc:CollectorsPath={Path.Combine(IocServer.RepoRoot, "collectors")}",
                "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Sqlite:Path={Path.Combine(dir, "x.db")}", $"--Ioc:Configuration:Sqlite:Path={Path.Combine(dir, "c.db")}",
            ]);

            var error = await Assert.ThrowsAsync<DefinitionException>(() => app.Services.GetRequiredService<DefinitionProvisioner>().LoadAsync());

            var problem = Assert.Single(error.Problems);
            Assert.Contains("broken.json", problem, StringComparison.Ordinal);
            Assert.Contains("gauge-1", problem, StringComparison.Ordinal);
            Assert.Contains("series[0].field", problem, StringComparison.Ordinal);
            Assert.False(await app.LoadDefinitionsAsync());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }
}
