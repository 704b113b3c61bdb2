using System.Net;
using System.Net.Http.Json;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// A wall screen (display token) cannot read plans, the service index or unit rankings; a token for a dashboard
/// that draws them would give a wall that never paints, so it is refused, naming the panels.
/// </summary>
public sealed class WallReadableTests : IAsyncLifetime
{
    private IocServer _server = null!;

    public async Task InitializeAsync() => _server = await IocServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("leaders", "plan-progress")]
    [InlineData("service-index", "service-index")]
    [InlineData("xep-hang-xa", "ranking")]
    public async Task DisplayToken_IsRefused_ForADashboardWithPanelsOnlyPeopleMayRead_NamingThem(string dashboardId, string panelType)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "Phòng họp", dashboardId, days = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains($"dashboard '{dashboardId}'", problem, StringComparison.Ordinal);
        Assert.Contains(panelType, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShippedPlaylist_AndEveryWallDashboard_CanBeShownByADisplayToken()
    {
        using var playlist = await _server.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "Phòng điều hành", playlistId = "operations-room", days = 1 });
        Assert.Equal(HttpStatusCode.Created, playlist.StatusCode);

        foreach (var dashboardId in new[] { "operations-wall", "digital-society", "leaders-trends" })
        {
            using var response = await _server.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = dashboardId, dashboardId, days = 1 });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
    }
}
