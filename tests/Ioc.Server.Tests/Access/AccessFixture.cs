using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>
/// One server with two dashboards (the operations wall for operators, a leaders' dashboard) and one client
/// per kind of caller: anonymous, each role, a display token for the wall, a write key and a metrics (scrape) key.
/// </summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public const string Wall = "operations-wall";
    public const string LeadersOnly = "leaders-kpis";
    public const string WallPlaylist = "wall-round";

    private string _dashboards = null!;

    public IocServer Server { get; private set; } = null!;

    public Dictionary<string, Session> Callers { get; } = new(StringComparer.Ordinal);

    public string WriteKey { get; private set; } = "";

    public string MetricsKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _dashboards = Directory.CreateTempSubdirectory("ioc-access-").FullName;
        File.Copy(Path.Combine(IocServer.RepoRoot, "dashboards", "operations-wall.json"), Path.Combine(_dashboards, "operations-wall.json"));
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "leaders-kpis.json"), """
            {
              "apiVersion": "ioc/v1", "id": "leaders-kpis", "title": "Chỉ tiêu chuyển đổi số", "audience": "leaders",
              "panels": [
                { "id": "online-rate", "type": "stat", "title": "Hồ sơ trực tuyến", "width": 3,
                  "series": [ { "measurement": "dvc_records", "tags": { "level": "province" }, "field": "online_rate" } ] }
              ]
            }
            """);
        Directory.CreateDirectory(Path.Combine(_dashboards, "playlists"));
        await File.WriteAllTextAsync(Path.Combine(_dashboards, "playlists", "wall-round.json"), """
            { "apiVersion": "ioc/v1", "id": "wall-round", "title": "Vòng tường", "items": [ { "dashboard": "operations-wall" } ] }
            """);
        Server = await IocServer.StartAsync(new Dictionary<string, string?> { ["Ioc:DashboardsPath"] = _dashboards });
        Callers["anonymous"] = Session.Anonymous(Server.BaseUrl);
        Callers["admin"] = await Session.SignInAsync(Server.BaseUrl, "admin", Session.AdminPassword);
        foreach (var role in new[] { "leader", "operator" })
        {
            var password = await Server.Admin.CreateUserAsync($"test-{role}", role, $"{role}-Mật-khẩu-2026");
            Callers[role] = await Session.SignInAsync(Server.BaseUrl, $"test-{role}", password);
        }

        var (_, wallToken) = await Server.Admin.CreateDisplayTokenAsync(Wall);
        Callers["display"] = await Session.KioskAsync(Server.BaseUrl, wallToken);
        WriteKey = await Server.Admin.CreateApiKeyAsync("matrix writer");
        var writer = Session.Anonymous(Server.BaseUrl);
        writer.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", WriteKey);
        Callers["writer"] = writer;
        MetricsKey = await Server.Admin.CreateMetricsKeyAsync("matrix scraper");
        var scraper = Session.Anonymous(Server.BaseUrl);
        scraper.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", MetricsKey);
        Callers["scraper"] = scraper;
    }

    public async Task DisposeAsync()
    {
        foreach (var caller in Callers.Values)
        {
            caller.Dispose();
        }

        await Server.DisposeAsync();
        Directory.Delete(_dashboards, recursive: true);
    }
}
