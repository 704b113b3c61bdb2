using System.Data.Common;
using Ioc.Testing;
using Npgsql;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>The <c>sql</c> kind against a private PostgreSQL server, one database per test.</summary>
public sealed class PostgreSqlCollectorTests(PostgreSqlServer server) : SqlCollectorContract, IClassFixture<PostgreSqlServer>
{
    protected override string Provider => "postgresql";

    protected override string TimestampType => "TIMESTAMP";

    protected override Task<string> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override DbConnection Connect(string connectionString) => new NpgsqlConnection(connectionString);

    protected override string SleepQuery(int seconds) => $"SELECT pg_sleep({seconds}) AS pause, 1 AS received";

    protected override string ManyRowsQuery(int count) => $"SELECT n, n AS received FROM (SELECT generate_series(1, {count}) AS n) s";

    protected override string CountRunning(string marker) =>
        $"SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE '{marker}%'";

    protected override IEnumerable<string> WritingFunction() =>
    [
        "CREATE TABLE audit (v INTEGER)",
        "CREATE FUNCTION bump() RETURNS INTEGER LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (1); RETURN 1; END $$",
    ];

    protected override string Unreachable(string connectionString, string password) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Port = 1, Password = password }.ConnectionString;

    [Fact]
    public async Task DataModifyingCte_IsRefusedBeforeItReachesTheServer()
    {
        var db = await DatabaseAsync("CREATE TABLE audit (v INTEGER)");

        var ex = Assert.Throws<Ioc.Core.Collecting.DefinitionException>(() => SqlRunHarness.Definition("""
            provider: postgresql
            connectionString: ${DB}
            query: WITH d AS (DELETE FROM audit RETURNING v) SELECT count(*) AS received FROM d
            measurement: m
            fields: [received]
            """, db) is var definition ? new SqlRunHarness().Build(definition) : null);

        Assert.Equal($"{SqlRunHarness.Source}: spec.query: only one SELECT or WITH statement is accepted; found DELETE", Assert.Single(ex.Problems));
    }
}
