using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>Signed in, each person lands on their own panel: leaders (and admins) on the leaders' dashboard, operators on the wall.</summary>
/// <remarks>The wall sorts first and the configured leaders' dashboard last, so where each lands is a choice, not the alphabet.</remarks>
public sealed class LandingTests : IAsyncLifetime
{
    private readonly string _dashboards = Directory.CreateTempSubdirectory("ioc-landing-").FullName;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        foreach (var (id, audience) in new[] { ("a-wall", "wall"), ("b-leaders", "leaders"), ("c-leaders", "leaders") })
        {
            await File.WriteAllTextAsync(Path.Combine(_dashboards, id + ".json"), $$"""
                { "apiVersion": "ioc/v1", "id": "{{id}}", "title": "Bảng {{id}}", "audience": "{{audience}}",
                  "panels": [ { "id": "records", "type": "stat", "title": "Hồ sơ", "series": [ { "measurement": "dvc_records", "field": "received_today" } ] } ] }
                """);
        }

        _server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:DashboardsPath"] = _dashboards, ["Ioc:Landing:Leaders"] = "c-leaders" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }

    [Fact]
    public async Task Root_SendsLeadersAndAdminsToTheLeadersDashboard_AndOperatorsToTheWall()
    {
        using var leader = await Session.SignInAsync(_server.BaseUrl, "lanh-dao", await _server.Admin.CreateUserAsync("lanh-dao", "leader", "Lãnh-đạo-tỉnh-2026"));
        using var operatorSession = await Session.SignInAsync(_server.BaseUrl, "van-hanh", await _server.Admin.CreateUserAsync("van-hanh", "operator", "Vận-hành-tỉnh-2026"));

        Assert.Equal("/d/c-leaders", await LandingAsync(leader));
        Assert.Equal("/d/c-leaders", await LandingAsync(_server.Admin));
        Assert.Equal("/d/a-wall", await LandingAsync(operatorSession));
    }

    private static async Task<string?> LandingAsync(Session session)
    {
        using var response = await session.Http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location?.ToString();
    }
}
