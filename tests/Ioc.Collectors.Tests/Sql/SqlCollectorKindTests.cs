using Ioc.Collectors.Sql;
using Ioc.Core.Collecting;

namespace Ioc.Collectors.Tests.Sql;

public sealed class SqlCollectorKindTests
{
    private const string Source = SqlRunHarness.Source;
    private const string Password = "Sector-Db-Passw0rd";
    private const string PostgreSql = $"Host=db.hatinh.gov.vn;Database=motcua;Username=ioc_reader;Password={Password}";

    [Theory]
    [InlineData("postgresql", PostgreSql)]
    [InlineData("mysql", $"Server=db.hatinh.gov.vn;Database=motcua;User ID=ioc_reader;Password={Password}")]
    [InlineData("mariadb", $"Server=db.hatinh.gov.vn;Database=motcua;User ID=ioc_reader;Password={Password}")]
    [InlineData("sqlserver", $"Server=db.hatinh.gov.vn;Database=motcua;User ID=ioc_reader;Password={Password};TrustServerCertificate=true")]
    public void ValidSpec_Builds_ForEveryProvider(string provider, string connectionString)
    {
        Assert.NotNull(Create($$"""
            provider: {{provider}}
            connectionString: ${DB}
            query: SELECT unit_code, received FROM v_dvc_daily WHERE day >= @from AND day < @to
            measurement: dvc_daily
            tags: [unit_code]
            fields: [received]
            """, connectionString));
    }

    [Fact]
    public void NonSelect_IsRefusedAtLoad_NamingFileFieldAndWhatWasFound()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: postgresql
            connectionString: ${DB}
            query: INSERT INTO audit VALUES (1)
            measurement: m
            fields: [received]
            """));

        Assert.Equal($"{Source}: spec.query: only one SELECT or WITH statement is accepted; found INSERT", Assert.Single(ex.Problems));
    }

    [Fact]
    public void UnknownProvider_IsNamed_WithTheKnownOnes()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: oracle
            connectionString: ${DB}
            query: SELECT 1 AS v
            measurement: m
            fields: [v]
            """));

        Assert.Equal($"{Source}: spec.provider: 'oracle' is not supported (known: postgresql, mysql (also mariadb), sqlserver)", Assert.Single(ex.Problems));
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            query: "SELECT 1; SELECT 2"
            timeout: soon
            measurement: "#m"
            time: " "
            tags: [unit_code, unit_code]
            fields: { received: time, total: _total, unit_code: unit_code }
            maxRows: 0
            """));

        Assert.Equal(
            [
                $"{Source}: spec.timeout: 'soon' must be a duration such as 500ms, 20s or 2m",
                $"{Source}: spec.provider: required, one of postgresql, mysql (also mariadb), sqlserver",
                $"{Source}: spec.measurement: '#m' must not start with '#' or carry leading or trailing spaces",
                $"{Source}: spec.time: ' ' must be a column name",
                $"{Source}: spec.tags[1]: tag 'unit_code' is named twice",
                $"{Source}: spec.fields.received: 'time' cannot be a field name ('time', names starting with '_' and blank names are reserved; rename it with {{ received: other_name }})",
                $"{Source}: spec.fields.total: '_total' cannot be a field name ('time', names starting with '_' and blank names are reserved; rename it with {{ total: other_name }})",
                $"{Source}: spec.fields: 'unit_code' is also a tag; a name is either a tag or a field",
                $"{Source}: spec.maxRows: 0 must be from 1 to 1000000 (default 10000)",
            ],
            ex.Problems);
    }

    [Fact]
    public void MissingFields_AndQuery_AreRequired()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: mysql
            measurement: m
            """));

        Assert.Equal(
            [
                $"{Source}: spec.connectionString: required; write the password as ${{NAME}} and set Ioc:Variables:NAME",
                $"{Source}: spec.query: required, one SELECT; @from and @to are the run's window",
                $"{Source}: spec.fields: at least one field column is required",
            ],
            ex.Problems);
    }

    [Fact]
    public void UnknownSpecField_IsNamed()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: postgresql
            connectionString: ${DB}
            query: SELECT 1 AS v
            measurement: m
            feilds: [v]
            """));

        Assert.StartsWith($"{Source}: spec.feilds: unknown field (spec knows provider, connectionString, query", Assert.Single(ex.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_AreAListOrAMapping_NotText()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: postgresql
            connectionString: ${DB}
            query: SELECT 1 AS v
            measurement: m
            fields: v
            """));

        Assert.Equal($"{Source}: spec.fields: a list of columns ([unit_code, …]) or a mapping of column to field name ({{ unit_code: unit }})", Assert.Single(ex.Problems));
    }

    [Fact]
    public void StatementTimeout_LongerThanTheRun_IsRefused()
    {
        var ex = Assert.Throws<DefinitionException>(() => Create("""
            provider: postgresql
            connectionString: ${DB}
            timeout: 30s
            query: SELECT 1 AS v
            measurement: m
            fields: [v]
            """));

        Assert.Equal($"{Source}: spec.timeout: 30s is longer than the collector's timeout (10s), which would stop the run first; raise timeout or lower spec.timeout", Assert.Single(ex.Problems));
    }

    [Theory]
    [InlineData("postgresql", "Database=motcua;Password=" + Password, "names no server (Host=…)")]
    [InlineData("mysql", "Database=motcua;Password=" + Password, "names no server (Server=…)")]
    [InlineData("sqlserver", "Database=motcua;Password=" + Password, "names no server (Server=… or Data Source=…)")]
    [InlineData("postgresql", "Hots=db;Password=" + Password, "not a valid postgresql connection string: ")]
    [InlineData("mysql", "Server=db;Password=" + Password + ";Colour=blue", "not a valid mysql connection string: ")]
    [InlineData("sqlserver", "Server=db;Password=" + Password + ";Colour=blue", "not a valid sqlserver connection string: ")]
    public void BadConnectionString_IsNamed_WithoutItsPassword(string provider, string connectionString, string problem)
    {
        var ex = Assert.Throws<DefinitionException>(() => Create($$"""
            provider: {{provider}}
            connectionString: ${DB}
            query: SELECT 1 AS v
            measurement: m
            fields: [v]
            """, connectionString));

        Assert.StartsWith($"{Source}: spec.connectionString: {problem}", Assert.Single(ex.Problems), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_IsFromThePreviousSlotOfTheScheduleToTheRunsSlot()
    {
        var daily = Collector("0 17 * * *");
        var fiveMinutes = Collector("*/5 * * * *");
        var slot = new DateTimeOffset(2025, 6, 2, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(new SqlWindow(slot.AddDays(-1), slot), daily.WindowOf(slot));
        Assert.Equal(new SqlWindow(slot.AddMinutes(-5), slot), fiveMinutes.WindowOf(slot));
        Assert.Equal(new SqlWindow(slot.AddSeconds(-5), slot), Collector("*/5 * * * * *").WindowOf(slot));
        Assert.Equal(new SqlWindow(slot.AddHours(-1), slot), Collector("0 * * * *").WindowOf(slot));
    }

    private static SqlCollector Collector(string schedule) => new SqlRunHarness().Build(SqlRunHarness.Definition("""
        provider: postgresql
        connectionString: ${DB}
        query: SELECT 1 AS v
        measurement: m
        fields: [v]
        """, PostgreSql, schedule));

    private static SqlCollector Create(string spec, string connectionString = PostgreSql) =>
        new SqlRunHarness().Build(SqlRunHarness.Definition(spec, connectionString));
}
