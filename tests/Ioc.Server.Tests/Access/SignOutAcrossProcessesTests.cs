using System.Net;
using Ioc.Server.Tests.Hosting;

namespace Ioc.Server.Tests.Access;

/// <summary>Two Ioc processes on one configuration store: a sign-out on one ends the session on the other too.</summary>
public sealed class SignOutAcrossProcessesTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("ioc-sessions-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_config, recursive: true);
    }

    [Fact]
    public async Task SignOut_OnOneProcess_RefusesTheSessionOnTheOther_WithinTheCheckInterval()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ioc:Configuration:Sqlite:Path"] = Path.Combine(_config, "config.db"),
            ["Ioc:Access:RevocationCheckInterval"] = "00:00:00.500",
        };
        await using var first = await IocServer.StartAsync(settings);
        await using var second = await IocServer.StartAsync(settings);
        using var person = await Session.SignInAsync(first.BaseUrl, "admin", Session.AdminPassword);
        using var elsewhere = person.Copy();
        Assert.Equal(HttpStatusCode.OK, (await Get(elsewhere, second, "/api/v1/admin/users")).StatusCode);

        using var signedOut = await person.SignOutAsync();

        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpStatusCode status;
        do
        {
            await Task.Delay(100);
            status = (await Get(elsewhere, second, "/api/v1/admin/users")).StatusCode;
        }
        while (status == HttpStatusCode.OK && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal(HttpStatusCode.OK, (await second.Http.GetAsync("/api/v1/admin/users")).StatusCode);
    }

    /// <summary>Cookies belong to the host, not the port, so one browser's cookies reach both processes.</summary>
    private static Task<HttpResponseMessage> Get(Session session, IocServer server, string path) =>
        session.Http.GetAsync(new Uri(new Uri(server.BaseUrl), path));
}
