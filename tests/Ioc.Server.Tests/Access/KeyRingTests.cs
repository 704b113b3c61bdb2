using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>Cookies are sealed with a key ring kept in the configuration store: a restart (or an upgrade that
/// replaces the container) does not sign everybody out or take the wall screens off.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("ioc-keyring-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task SessionAndDisplayCookies_OutliveARestart()
    {
        var settings = new Dictionary<string, string?> { ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_config, "config.db") };
        Session person;
        Session screen;
        await using (var first = await IocServer.StartAsync(settings))
        {
            person = await Session.SignInAsync(first.BaseUrl, "admin", Session.AdminPassword);
            var (_, token) = await first.Admin.CreateDisplayTokenAsync();
            screen = await Session.KioskAsync(first.BaseUrl, token);
        }

        await using var second = await IocServer.StartAsync(settings);
        using (person)
        using (screen)
        {
            Assert.Equal(HttpStatusCode.OK, (await Get(person, second, "/api/v1/admin/users")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await Get(screen, second, "/api/v1/dashboards/operations-wall/data")).StatusCode);
        }
    }

    /// <summary>Cookies belong to the host, not the port, so the old session's cookies reach the new server.</summary>
    private static Task<HttpResponseMessage> Get(Session session, IocServer server, string path) =>
        session.Http.GetAsync(new Uri(new Uri(server.BaseUrl), path));
}
