using System.Net;
using System.Text;
using Ioc.Server.Tests.Hosting;
using Ioc.Testing;
using Npgsql;

namespace Ioc.Server.Tests.Production;

/// <summary>
/// PostgreSQL holds users, tokens and keys; when it stops answering, screens and machines that were already
/// known keep working on what was last read, a credential never seen gets 503 (retry), and a revocation made
/// before the outage still holds once it is over.
/// </summary>
public sealed class ConfigurationStoreOutageTests : IAsyncLifetime
{
    private readonly PostgreSqlServer _postgres = new();
    private readonly InfluxDbServer _influx = new();
    private string _database = "";
    private string _dataDir = null!;
    private IocServer _server = null!;

    public async Task InitializeAsync()
    {
        await Task.WhenAll(_postgres.InitializeAsync(), _influx.InitializeAsync());
        _dataDir = Directory.CreateTempSubdirectory("ioc-pg-outage-").FullName;
        var connection = await _postgres.CreateDatabaseAsync();
        _database = new NpgsqlConnectionStringBuilder(connection).Database!;
        _server = await IocServer.StartAsync(new Dictionary<string, string?>
        {
            ["Ioc:Configuration:Store"] = "PostgreSql",
            ["Ioc:PostgreSql:ConnectionString"] = connection,
            ["Ioc:Storage:Kind"] = "InfluxDb",
            ["Ioc:Storage:InfluxDb:Url"] = _influx.Url,
            ["Ioc:Storage:InfluxDb:Database"] = _influx.Database,
            ["Ioc:Storage:Spool:Path"] = Path.Combine(_dataDir, "spool"),
            ["Ioc:Access:RevocationCheckInterval"] = "00:00:00.500",
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await Task.WhenAll(_postgres.DisposeAsync(), _influx.DisposeAsync());
        Directory.Delete(_dataDir, recursive: true);
    }

    [Fact]
    public async Task KnownKeysAndScreens_KeepWorking_WhilePostgreSqlIsDown_AndNewOnesGet503()
    {
        var (_, token) = await _server.Admin.CreateDisplayTokenAsync();
        using var screen = await Session.KioskAsync(_server.BaseUrl, token);
        var unseenKey = await _server.Admin.CreateApiKeyAsync("never used before the outage");
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(_server.WriteKey, 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await screen.Http.GetAsync("/api/v1/dashboards/operations-wall/data")).StatusCode);

        await RefuseConnectionsAsync(true);
        await Task.Delay(1_000); // past every cached check

        var known = await WriteAsync(_server.WriteKey, 2);
        var unseen = await WriteAsync(unseenKey, 3);
        var wall = await screen.Http.GetAsync("/api/v1/dashboards/operations-wall/data");
        await RefuseConnectionsAsync(false);

        Assert.Equal(HttpStatusCode.NoContent, known.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unseen.StatusCode);
        Assert.NotNull(unseen.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await WriteAsync(unseenKey, 4)).StatusCode);
    }

    [Fact]
    public async Task SignedInPerson_KeepsReading_WhilePostgreSqlIsDown_AndASessionSignedOutBeforeStaysOut()
    {
        using var person = await Session.SignInAsync(_server.BaseUrl, "admin", Session.AdminPassword);
        using var leaving = await Session.SignInAsync(_server.BaseUrl, "admin", Session.AdminPassword);
        using var copied = leaving.Copy();
        Assert.Equal(HttpStatusCode.OK, (await person.Http.GetAsync("/api/v1/dashboards/operations-wall/data")).StatusCode);
        using (await leaving.SignOutAsync())
        {
        }

        await RefuseConnectionsAsync(true);
        await Task.Delay(1_000); // past every cached check

        var reading = await person.Http.GetAsync("/api/v1/dashboards/operations-wall/data");
        var signedOut = await copied.Http.GetAsync("/api/v1/dashboards/operations-wall/data");
        await RefuseConnectionsAsync(false);

        Assert.Equal(HttpStatusCode.OK, reading.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    [Fact]
    public async Task SignOut_WhilePostgreSqlIsDown_StillSignsOut_AndThisProcessRefusesACopyOfTheCookie()
    {
        using var leaving = await Session.SignInAsync(_server.BaseUrl, "admin", Session.AdminPassword);
        using var copied = leaving.Copy();
        Assert.Equal(HttpStatusCode.OK, (await leaving.Http.GetAsync("/api/v1/dashboards/operations-wall/data")).StatusCode);

        await RefuseConnectionsAsync(true);
        using var signOut = await leaving.SignOutAsync("/d/operations-wall");
        var replay = await copied.Http.GetAsync("/api/v1/dashboards/operations-wall/data");
        await RefuseConnectionsAsync(false);

        Assert.Equal(HttpStatusCode.Found, signOut.StatusCode);
        Assert.EndsWith("/login", signOut.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task CollectorRuns_MadeWhilePostgreSqlIsDown_ReachTheHistoryOnceItAnswers()
    {
        var runner = _server.Get<Ioc.Core.Collecting.CollectorRunner>();
        var slot = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5);

        await RefuseConnectionsAsync(true);
        var result = await runner.RunAsync("payments-online", slot);
        await Task.Delay(1_000); // the history has tried, and failed, to write it
        await RefuseConnectionsAsync(false);

        Assert.Equal(Ioc.Core.Collecting.CollectorRunOutcome.Succeeded, result.Outcome);
        var runs = _server.Get<Ioc.Core.Configuration.ICollectorRunStore>();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await runs.ListRunsAsync("payments-online", 10)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        var kept = Assert.Single(await runs.ListRunsAsync("payments-online", 10));
        Assert.Equal(slot, kept.Slot);
        Assert.Equal(result.Points, kept.Points);
    }

    private async Task<HttpResponseMessage> WriteAsync(string key, int value)
    {
        using var machine = Session.Anonymous(_server.BaseUrl);
        machine.Http.DefaultRequestHeaders.Authorization = new("Token", key);
        using var body = new StringContent($"pg_outage,unit=HT value={value} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}", Encoding.UTF8, "text/plain");
        return await machine.Http.PostAsync("/api/v1/write?precision=ms", body);
    }

    /// <summary>The database refuses new connections and loses the open ones, as in a failover.</summary>
    private async Task RefuseConnectionsAsync(bool refuse)
    {
        var admin = new NpgsqlConnectionStringBuilder(_postgres.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var allow = new NpgsqlCommand($"ALTER DATABASE \"{_database}\" ALLOW_CONNECTIONS {(refuse ? "false" : "true")}", connection);
        await allow.ExecuteNonQueryAsync();
        if (refuse)
        {
            await using var terminate = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = @db", connection);
            terminate.Parameters.AddWithValue("db", _database);
            await terminate.ExecuteNonQueryAsync();
        }
    }
}
