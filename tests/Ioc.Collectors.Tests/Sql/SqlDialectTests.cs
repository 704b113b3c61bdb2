using System.Data;
using Ioc.Collectors.Sql;
using Microsoft.Data.SqlClient;
using MySqlConnector;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>
/// What each provider sends, checked without a server. SQL Server is only tested here: no SQL Server runs on the
/// test machines, so its dialect has never met a real server in these tests.
/// </summary>
public sealed class SqlDialectTests
{
    private static readonly SqlWindow Window = new(new DateTimeOffset(2025, 6, 1, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 2, 17, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SqlServer_BindsTheWindowAsDateTime2InUtc_AndSendsTheQueryUnchanged()
    {
        const string query = "SELECT unit_code, received FROM dbo.v_dvc_daily WHERE day >= @from AND day < @to";
        var source = Parse(SqlProvider.SqlServer, "Server=db;Database=motcua;User ID=ioc_reader;Password=pw-1234");
        using var connection = SqlServerDialect.Instance.CreateConnection(source);

        using var command = SqlServerDialect.Instance.CreateQuery(connection, null, Statement(SqlProvider.SqlServer, query), Window, TimeSpan.FromSeconds(1.2));

        Assert.IsType<SqlCommand>(command);
        Assert.Equal(query, command.CommandText);
        Assert.Equal(2, command.CommandTimeout);
        Assert.Collection(
            command.Parameters.Cast<SqlParameter>(),
            from => Assert.Equal(("@from", SqlDbType.DateTime2, new DateTime(2025, 6, 1, 17, 0, 0, DateTimeKind.Utc)), (from.ParameterName, from.SqlDbType, (DateTime)from.Value)),
            to => Assert.Equal(("@to", SqlDbType.DateTime2, new DateTime(2025, 6, 2, 17, 0, 0, DateTimeKind.Utc)), (to.ParameterName, to.SqlDbType, (DateTime)to.Value)));
    }

    [Fact]
    public void SqlServer_BindsOnlyTheParametersTheQueryUses()
    {
        var source = Parse(SqlProvider.SqlServer, "Server=db;Database=motcua");
        using var connection = SqlServerDialect.Instance.CreateConnection(source);

        using var command = SqlServerDialect.Instance.CreateQuery(connection, null, Statement(SqlProvider.SqlServer, "SELECT COUNT(*) AS received FROM t WHERE at < @to"), Window, TimeSpan.FromSeconds(10));

        Assert.Equal("@to", Assert.Single(command.Parameters.Cast<SqlParameter>()).ParameterName);
    }

    [Fact]
    public void SqlServer_SessionSetup_LimitsLockWaitsToTheStatementTimeout()
    {
        Assert.Equal("SET LOCK_TIMEOUT 1500; SET NOCOUNT ON; SET XACT_ABORT ON", SqlServerDialect.SessionSetup(TimeSpan.FromSeconds(1.5)));
    }

    [Fact]
    public void SqlServer_ConnectionString_AsksForAReadOnlyReplica_AndConnectsWithinTheBudget()
    {
        var source = Parse(SqlProvider.SqlServer, "Server=tcp:db.hatinh.gov.vn,1433;Database=motcua;User ID=ioc_reader;Password=pw-1234;Connect Timeout=30", TimeSpan.FromSeconds(5));

        var opened = new SqlConnectionStringBuilder(source.ConnectionString);
        Assert.Equal(ApplicationIntent.ReadOnly, opened.ApplicationIntent);
        Assert.Equal(5, opened.ConnectTimeout);
        Assert.Equal("pw-1234", opened.Password);
        Assert.Equal("Data Source=tcp:db.hatinh.gov.vn,1433;Initial Catalog=motcua;User ID=ioc_reader;Password=[redacted]", source.Shown);
    }

    [Fact]
    public void PostgreSql_TransactionSetup_IsReadOnly_WithTheStatementTimeout_InUtc()
    {
        Assert.Equal(
            "SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = 20000; SET LOCAL TimeZone = 'UTC'",
            PostgreSqlDialect.TransactionSetup(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void PostgreSql_BindsTheWindowAsTimestampWithTimeZone()
    {
        var source = Parse(SqlProvider.PostgreSql, "Host=db;Database=motcua;Username=ioc_reader;Password=pw-1234;Timeout=15", TimeSpan.FromSeconds(3));
        using var connection = PostgreSqlDialect.Instance.CreateConnection(source);

        using var command = PostgreSqlDialect.Instance.CreateQuery(connection, null, Statement(SqlProvider.PostgreSql, "SELECT 1 AS v WHERE now() >= @from"), Window, TimeSpan.FromSeconds(20));

        var from = Assert.Single(command.Parameters.Cast<NpgsqlParameter>());
        Assert.Equal(("from", NpgsqlDbType.TimestampTz, DateTimeKind.Utc), (from.ParameterName, from.NpgsqlDbType, ((DateTime)from.Value!).Kind));
        Assert.Equal(20, command.CommandTimeout);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(source.ConnectionString).Timeout);
        Assert.Equal("Host=db;Port=5432;Database=motcua;Username=ioc_reader;Password=[redacted]", source.Shown);
    }

    [Theory]
    [InlineData(true, "SET SESSION max_statement_time = 1.5, SESSION time_zone = '+00:00'")]
    [InlineData(false, "SET SESSION max_execution_time = 1500, SESSION time_zone = '+00:00'")]
    public void MySql_SessionSetup_UsesTheServersOwnStatementTimeout(bool mariaDb, string setup)
    {
        Assert.Equal(setup, MySqlDialect.SessionSetup(TimeSpan.FromSeconds(1.5), mariaDb));
    }

    [Theory]
    [InlineData("10.11.19-MariaDB-0+deb12u1", true)]
    [InlineData("5.5.5-10.6.12-MariaDB", true)]
    [InlineData("8.0.36", false)]
    public void MySql_TellsMariaDbByItsVersion(string version, bool mariaDb)
    {
        Assert.Equal(mariaDb, MySqlDialect.IsMariaDb(version));
    }

    [Fact]
    public void MySql_BindsTheWindowAsDateTime_WithoutAPassword()
    {
        var source = Parse(SqlProvider.MySql, "Server=db;Database=motcua;User ID=ioc_reader");
        using var connection = MySqlDialect.Instance.CreateConnection(source);

        using var command = MySqlDialect.Instance.CreateQuery(connection, null, Statement(SqlProvider.MySql, "SELECT 1 AS v WHERE NOW() >= @from AND NOW() < @to"), Window, TimeSpan.FromSeconds(20));

        Assert.Equal(["@from", "@to"], command.Parameters.Cast<MySqlParameter>().Select(p => p.ParameterName));
        Assert.All(command.Parameters.Cast<MySqlParameter>(), p => Assert.Equal(MySqlDbType.DateTime, p.MySqlDbType));
        Assert.Equal("Server=db;Port=3306;User ID=ioc_reader;Database=motcua", source.Shown);
    }

    [Fact]
    public void CommandTimeout_IsWholeSeconds_RoundedUp_AtLeastOne()
    {
        Assert.Equal([1, 1, 2, 30], new[] { 0.001, 1, 1.001, 30 }.Select(s => SqlDialect.CommandTimeoutSeconds(TimeSpan.FromSeconds(s))));
    }

    [Fact]
    public void Scrub_RemovesThePassword_WhereverADriverWroteIt()
    {
        var source = Parse(SqlProvider.PostgreSql, "Host=db;Username=ioc;Password='pw;with=odd''chars'");

        Assert.Equal(
            "auth failed for [redacted] (Password=[redacted]; pwd=[redacted];Host=x)",
            source.Scrub("auth failed for pw;with=odd'chars (Password=abc; pwd=\"a;b\";Host=x)"));
    }

    [Theory]
    [InlineData("Host=db;Password=secret;Port=1", "Host=db;Password=[redacted];Port=1")]
    [InlineData("server=db; PWD = secret ; uid=a", "server=db; PWD=[redacted]; uid=a")]
    [InlineData("Ssl Password=secret;Certificate Password='x;y'", "Ssl Password=[redacted];Certificate Password=[redacted]")]
    [InlineData("no secrets here", "no secrets here")]
    public void InText_RedactsEveryPasswordPair(string text, string redacted)
    {
        Assert.Equal(redacted, SqlSource.InText(text));
    }

    private static SqlSource Parse(SqlProvider provider, string connectionString, TimeSpan? connectTimeout = null)
    {
        var source = SqlDialect.For(provider).Parse(connectionString, connectTimeout ?? TimeSpan.FromSeconds(5), out var problem);
        Assert.True(source is not null, problem);
        return source;
    }

    private static SelectStatement Statement(SqlProvider provider, string query)
    {
        var statement = SelectStatement.Check(query, provider, out var problem);
        Assert.True(statement is not null, problem);
        return statement;
    }
}
