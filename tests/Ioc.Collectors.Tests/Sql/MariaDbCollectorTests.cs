using System.Data.Common;
using Ioc.Core.Collecting;
using Ioc.Testing;
using MySqlConnector;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>The <c>sql</c> kind (provider mysql) against a private MariaDB server, one database per test.</summary>
public sealed class MariaDbCollectorTests(MariaDbServer server) : SqlCollectorContract, IClassFixture<MariaDbServer>
{
    private static readonly DateTimeOffset Slot = new(2025, 6, 2, 8, 15, 0, TimeSpan.Zero);

    protected override string Provider => "mysql";

    protected override string TimestampType => "DATETIME(6)";

    protected override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override DbConnection Connect(string connectionString) => new MySqlConnection(connectionString);

    protected override string SleepQuery(int seconds) => $"SELECT SLEEP({seconds}) AS received";

    protected override string ManyRowsQuery(int count) => $"SELECT seq AS n, seq AS received FROM seq_1_to_{count}";

    protected override string CountRunning(string marker) =>
        $"SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE '{marker}%'";

    protected override IEnumerable<string> WritingFunction() =>
    [
        "CREATE TABLE audit (v INTEGER)",
        "CREATE FUNCTION bump() RETURNS INTEGER MODIFIES SQL DATA BEGIN INSERT INTO audit VALUES (1); RETURN 1; END",
    ];

    protected override string Unreachable(string connectionString, string password) =>
        new MySqlConnectionStringBuilder(connectionString) { Port = 1, Password = password }.ConnectionString;

    [Fact]
    public async Task WrongPassword_FailsTheRun_AndThePasswordIsNowhere()
    {
        const string wrong = "Not-The-Passw0rd-Of-The-Sector";
        var db = new MySqlConnectionStringBuilder(await server.CreateDatabaseAsync()) { Password = wrong }.ConnectionString;
        var run = new SqlRunHarness();

        var result = await run.RunAsync("""
            provider: mysql
            connectionString: ${DB}
            query: SELECT 1 AS received
            measurement: m
            fields: [received]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(
            $"cannot connect to mysql Server=127.0.0.1;Port={server.Port};User ID={MariaDbServer.User};Password=[redacted];Database={new MySqlConnectionStringBuilder(db).Database}: "
            + $"Access denied for user '{MariaDbServer.User}'@'127.0.0.1' (using password: YES)",
            result.Error);
        Assert.Equal(result.Error, run.Status.Get("sector-db").LastRun?.Error);
        Assert.Contains(result.Error!, run.RunnerLog.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, run.EverythingShown, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, run.EverythingShown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TinyIntOne_CountsAsANumber()
    {
        // MySqlConnector reads TINYINT(1) as a boolean; a yes/no column still sums.
        var db = await DatabaseAsync("CREATE TABLE flags (unit_code VARCHAR(8), online TINYINT(1))", "INSERT INTO flags VALUES ('a', 1), ('b', 0)");
        var run = new SqlRunHarness();

        var result = await run.RunAsync("""
            provider: mariadb
            connectionString: ${DB}
            query: SELECT unit_code, online FROM flags
            measurement: m
            tags: [unit_code]
            fields: [online]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(["a=1", "b=0"], run.Stored.Select(p => $"{p.Tags[0].Value}={p.Fields[0].Value}").Order(StringComparer.Ordinal));
    }
}
