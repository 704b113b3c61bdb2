using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ioc.Core.Collecting;
using Ioc.Server.Features.Definitions;
using Ioc.Server.Hosting;
using Ioc.Server.Tests.Access;
using Ioc.Server.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>
/// Playlists as people and display tokens see them: a person opens a playlist when they may view every dashboard in
/// it; a display token that names a playlist opens exactly that playlist's dashboards, as its file names them now.
/// </summary>
public sealed partial class PlaylistsApiTests : IAsyncLifetime
{
    private string _root = null!;
    private string _dashboards = null!;

    public Task InitializeAsync()
    {
        _root = Directory.CreateTempSubdirectory("ioc-playlists-").FullName;
        _dashboards = Directory.CreateDirectory(Path.Combine(_root, "dashboards")).FullName;
        File.Copy(Path.Combine(IocServer.RepoRoot, "dashboards", "operations-wall.json"), Path.Combine(_dashboards, "operations-wall.json"));
        foreach (var id in new[] { "leaders-kpis", "other-kpis" })
        {
            File.WriteAllText(Path.Combine(_dashboards, id + ".json"), $$"""
                {
                  "apiVersion": "ioc/v1", "id": "{{id}}", "title": "Chỉ tiêu {{id}}", "audience": "leaders",
                  "panels": [
                    { "id": "online-rate", "type": "stat", "title": "Hồ sơ trực tuyến", "width": 3,
                      "series": [ { "measurement": "dvc_records", "tags": { "level": "province" }, "field": "online_rate" } ] }
                  ]
                }
                """);
        }

        Directory.CreateDirectory(Path.Combine(_dashboards, "playlists"));
        WritePlaylist("wall-only", "operations-wall");
        WritePlaylist("mixed", "operations-wall", "leaders-kpis");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return Task.CompletedTask;
    }

    private void WritePlaylist(string id, params string[] dashboards) =>
        File.WriteAllText(Path.Combine(_dashboards, "playlists", id + ".json"), JsonSerializer.Serialize(new
        {
            apiVersion = "ioc/v1",
            id,
            title = "Trình chiếu " + id,
            items = dashboards.Select(d => new { dashboard = d, dwell = "30s" }),
        }));

    private Dictionary<string, string?> Settings(string? data = null)
    {
        var settings = new Dictionary<string, string?> { ["Ioc:DashboardsPath"] = _dashboards };
        if (data is not null)
        {
            settings["Ioc:Configuration:Sqlite:Path"] = Path.Combine(data, "ioc-config.db");
            settings["Ioc:Storage:Sqlite:Path"] = Path.Combine(data, "ioc.db");
        }

        return settings;
    }

    [Fact]
    public async Task Playlists_ListsEach_WithItsDashboardsDwellAndCycle()
    {
        await using var server = await IocServer.StartAsync(Settings());

        var playlists = await server.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/playlists");
        var mixed = await server.Admin.Http.GetFromJsonAsync<JsonElement>("/api/v1/playlists/mixed");

        Assert.Equal(["mixed", "wall-only"], playlists.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal("dashboards/playlists/mixed.json", mixed.GetProperty("source").GetString());
        Assert.Equal(["operations-wall", "leaders-kpis"], mixed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("dashboard").GetString()));
        Assert.Equal(30, mixed.GetProperty("items")[0].GetProperty("dwellSeconds").GetDouble());
        Assert.Equal(60, mixed.GetProperty("cycleSeconds").GetDouble());
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.Http.GetAsync("/api/v1/playlists/no-such")).StatusCode);
    }

    [Fact]
    public async Task AdminPage_ShowsEachPlaylistsFileDashboardsAndCycle_WithALinkToOpenIt()
    {
        await using var server = await IocServer.StartAsync(Settings());

        var html = WebUtility.HtmlDecode(await server.Admin.Http.GetStringAsync("/admin/playlists"));

        Assert.Contains("dashboards/playlists/mixed.json", html, StringComparison.Ordinal);
        Assert.Contains("Chỉ tiêu leaders-kpis", html, StringComparison.Ordinal);
        Assert.Contains("1 phút 0 giây", html, StringComparison.Ordinal);
        Assert.Contains("href=\"p/mixed\"", html, StringComparison.Ordinal);
        Assert.Contains("{ \"dashboard\": \"operations-wall\", \"dwell\": \"2m\" }", html, StringComparison.Ordinal); // the file format, to add one
    }

    [Fact]
    public async Task Operator_OpensOnlyPlaylistsWhoseEveryDashboardIsAWall()
    {
        await using var server = await IocServer.StartAsync(Settings());
        var password = await server.Admin.CreateUserAsync("van-hanh", "operator", "Vận-hành-Mật-khẩu-2026");
        using var operatorSession = await Session.SignInAsync(server.BaseUrl, "van-hanh", password);

        var listed = await operatorSession.Http.GetFromJsonAsync<JsonElement>("/api/v1/playlists");

        Assert.Equal(["wall-only"], listed.EnumerateArray().Select(p => p.GetProperty("id").GetString()));
        Assert.Equal(HttpStatusCode.OK, (await operatorSession.Http.GetAsync("/p/wall-only")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await operatorSession.Http.GetAsync("/api/v1/playlists/mixed")).StatusCode);
        Assert.True(AccessMatrixTests.IsRefusal(await operatorSession.Http.GetAsync("/p/mixed")));
    }

    [Fact]
    public async Task PlaylistToken_OpensThePlaylistAndItsDashboards_AndNothingElse()
    {
        await using var server = await IocServer.StartAsync(Settings());
        var created = await server.Admin.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "Phòng điều hành", playlistId = "mixed", days = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("mixed", body.GetProperty("token").GetProperty("playlistId").GetString());
        var secret = body.GetProperty("secret").GetString()!;

        using var screen = Session.Anonymous(server.BaseUrl);
        var session = await (await screen.Http.PostAsJsonAsync("/kiosk/session", new { token = secret })).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("/p/mixed", session.GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/p/mixed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/v1/playlists/mixed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/d/leaders-kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/v1/dashboards/leaders-kpis/data")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/v1/dashboards/operations-wall/sources")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await screen.Http.GetAsync("/api/v1/dashboards/other-kpis/data")).StatusCode);
        Assert.True(AccessMatrixTests.IsRefusal(await screen.Http.GetAsync("/p/wall-only")));

        await using var live = await LiveClient.ConnectAsync(server.BaseUrl, screen.Cookies);
        await live.SubscribeDashboardAsync("operations-wall");
        await live.SubscribeDashboardAsync("leaders-kpis");
        var refused = await Assert.ThrowsAsync<HubException>(() => live.SubscribeDashboardAsync("other-kpis"));
        Assert.Contains("not allowed", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenCreatedOnTheAdminPage_ForAPlaylist_OpensThePlaylistsPage()
    {
        await using var server = await IocServer.StartAsync(Settings());

        using var created = await server.Admin.PostFormAsync(
            "/admin/display-tokens",
            new Dictionary<string, string> { ["Create.Name"] = "Phòng điều hành", ["Create.DashboardId"] = "playlist:mixed", ["Create.Days"] = "30" },
            "create-display-token");

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var page = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        Assert.Contains("danh sách mixed", page, StringComparison.Ordinal);
        var secret = DisplayTokenSecret().Match(page).Value;
        using var screen = Session.Anonymous(server.BaseUrl);
        var session = await (await screen.Http.PostAsJsonAsync("/kiosk/session", new { token = secret })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("/p/mixed", session.GetProperty("path").GetString());
    }

    [Fact]
    public async Task CreatingAToken_RefusesAnUnknownPlaylist_AndBothADashboardAndAPlaylist()
    {
        await using var server = await IocServer.StartAsync(Settings());

        var unknown = await server.Admin.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "x", playlistId = "no-such", days = 30 });
        var both = await server.Admin.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "x", dashboardId = "operations-wall", playlistId = "mixed", days = 30 });

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("no playlist 'no-such'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task PlaylistToken_LosesADashboard_ThatThePlaylistFileDrops()
    {
        var data = Directory.CreateDirectory(Path.Combine(_root, "data")).FullName;
        string secret;
        await using (var first = await IocServer.StartAsync(Settings(data)))
        {
            var created = await first.Admin.Http.PostAsJsonAsync("/api/v1/admin/display-tokens", new { name = "Phòng điều hành", playlistId = "mixed", days = 30 });
            secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
            using var before = await Session.KioskAsync(first.BaseUrl, secret);
            Assert.Equal(HttpStatusCode.OK, (await before.Http.GetAsync("/api/v1/dashboards/leaders-kpis/data")).StatusCode);
        }

        WritePlaylist("mixed", "operations-wall");
        await using var second = await IocServer.StartAsync(Settings(data));
        using var screen = await Session.KioskAsync(second.BaseUrl, secret);

        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/p/mixed")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/v1/dashboards/operations-wall/data")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await screen.Http.GetAsync("/api/v1/dashboards/leaders-kpis/data")).StatusCode);
    }

    [Fact]
    public async Task Loading_RefusesAPlaylistThatNamesAnUnknownDashboard_NamingFileAndField()
    {
        WritePlaylist("broken", "operations-wall", "bang-khong-co");
        var data = Directory.CreateDirectory(Path.Combine(_root, "refused")).FullName;
        await using var app = IocApplication.Build(
        [
            "--environment=Testing", $"--Ioc:DashboardsPath={_dashboards}", $"--Ioc:CollectorsPath={Path.Combine(IocServer.RepoRoot, "collectors")}",
            "--Ioc:Scheduling:Enabled=false", $"--Ioc:Storage:Sqlite:Path={Path.Combine(data, "x.db")}", $"--Ioc:Configuration:Sqlite:Path={Path.Combine(data, "c.db")}",
        ]);

        var error = await Assert.ThrowsAsync<DefinitionException>(() => app.Services.GetRequiredService<DefinitionProvisioner>().LoadAsync());

        Assert.StartsWith("dashboards/playlists/broken.json: items[1].dashboard: no dashboard 'bang-khong-co'", Assert.Single(error.Problems), StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [System.Text.RegularExpressions.GeneratedRegex("ioc_d_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")]
    private static partial System.Text.RegularExpressions.Regex DisplayTokenSecret();
}
