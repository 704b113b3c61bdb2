using System.Data.Common;
using System.Diagnostics;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Collectors.Tests.Sql;

/// <summary>
/// What the <c>sql</c> kind does against a real server, whichever provider: each provider's test class starts its
/// server once (a fixture) and gives every test a database of its own.
/// </summary>
public abstract class SqlCollectorContract
{
    // A five-minute schedule: the run of 08:15 stands for the rows of [08:10, 08:15).
    private static readonly DateTimeOffset Slot = new(2025, 6, 2, 8, 15, 0, TimeSpan.Zero);

    private readonly SqlRunHarness _run = new();

    /// <summary>How <c>spec.provider</c> names this server.</summary>
    protected abstract string Provider { get; }

    /// <summary>A column type for a time without zone (PostgreSQL's TIMESTAMP, MySQL's DATETIME).</summary>
    protected abstract string TimestampType { get; }

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract DbConnection Connect(string connectionString);

    /// <summary>A query that takes <paramref name="seconds"/>, with a column <c>received</c>.</summary>
    protected abstract string SleepQuery(int seconds);

    /// <summary>A query of <paramref name="count"/> rows, streamed as they are made, with columns <c>n</c> and <c>received</c>.</summary>
    protected abstract string ManyRowsQuery(int count);

    /// <summary>How many sessions other than the asking one are still running a query that contains <paramref name="marker"/>.</summary>
    protected abstract string CountRunning(string marker);

    /// <summary>Statements that make a table <c>audit</c> and a function <c>bump()</c> that inserts into it and returns 1.</summary>
    protected abstract IEnumerable<string> WritingFunction();

    /// <summary>A connection string that reaches no server (a closed port), with <paramref name="password"/> in it.</summary>
    protected abstract string Unreachable(string connectionString, string password);

    [Fact]
    public async Task Window_SelectsExactlyTheRowsOfTheSlot()
    {
        var db = await DatabaseAsync(
            $"CREATE TABLE visits (at {TimestampType} NOT NULL, unit_code VARCHAR(32) NOT NULL, received INTEGER NOT NULL)",
            "INSERT INTO visits VALUES ('2025-06-02 08:09:59', 'before', 1), ('2025-06-02 08:10:00', 'first', 2), ('2025-06-02 08:14:59', 'last', 3), ('2025-06-02 08:15:00', 'next-slot', 4)");

        var result = await _run.RunAsync("""
            provider: PROVIDER
            connectionString: ${DB}
            query: SELECT unit_code, received FROM visits WHERE at >= @from AND at < @to
            measurement: visits
            tags: [unit_code]
            fields: [received]
            """.Replace("PROVIDER", Provider, StringComparison.Ordinal), db, Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(["first=2", "last=3"], _run.Stored.Select(p => $"{p.Tags[0].Value}={p.Fields[0].Value}").Order(StringComparer.Ordinal));
        Assert.All(_run.Stored, p => Assert.Equal(UnixTime.ToNanoseconds(Slot), p.Timestamp));
    }

    [Fact]
    public async Task DailyView_GivesTheDayThatEnded_WithNamesAsWritten()
    {
        // The sample's shape: a run at 17:00 UTC (midnight in Vietnam) reads the rows of the local day that ended.
        var db = await DatabaseAsync(
            "CREATE TABLE dvc (day DATE NOT NULL, unit_code VARCHAR(32) NOT NULL, unit_name VARCHAR(128) NOT NULL, received INTEGER, processed_on_time INTEGER, on_time_rate NUMERIC(5,2))",
            "CREATE VIEW v_dvc_daily AS SELECT day, unit_code, unit_name, received, processed_on_time, on_time_rate FROM dvc",
            """
            INSERT INTO dvc VALUES
              ('2025-06-01', 'H42.01', 'Phường Hà Huy Tập', 90, 80, 88.89),
              ('2025-06-02', 'H42.01', 'Phường Hà Huy Tập', 131, 120, 91.60),
              ('2025-06-02', 'H42.24', 'Xã Thạch Kênh', 12, 12, 100.00),
              ('2025-06-03', 'H42.01', 'Phường Hà Huy Tập', 7, 7, 100.00)
            """);

        var result = await _run.RunAsync("""
            provider: PROVIDER
            connectionString: ${DB}
            query: |
              SELECT unit_code, unit_name, received, processed_on_time, on_time_rate
              FROM v_dvc_daily
              WHERE day >= @from AND day < @to
            measurement: dvc_daily
            tags: { unit_code: unit, unit_name: unit_name }
            fields: { received: received, processed_on_time: on_time, on_time_rate: on_time_rate }
            """.Replace("PROVIDER", Provider, StringComparison.Ordinal), db, new DateTimeOffset(2025, 6, 2, 17, 0, 0, TimeSpan.Zero), schedule: "0 17 * * *");

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(
            ["dvc_daily,unit=H42.01,unit_name=Phường\\ Hà\\ Huy\\ Tập on_time=120,on_time_rate=91.6,received=131", "dvc_daily,unit=H42.24,unit_name=Xã\\ Thạch\\ Kênh on_time=12,on_time_rate=100,received=12"],
            _run.Stored.Select(p => p.ToString()[..p.ToString().LastIndexOf(' ')]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TimeColumn_StampsEachRowWithItsOwnTime()
    {
        var db = await DatabaseAsync(
            $"CREATE TABLE visits (at {TimestampType} NOT NULL, received INTEGER NOT NULL)",
            "INSERT INTO visits VALUES ('2025-06-02 08:10:30', 5), ('2025-06-02 08:12:45.5', 6)");

        var result = await _run.RunAsync("""
            provider: PROVIDER
            connectionString: ${DB}
            query: SELECT at, received FROM visits WHERE at >= @from AND at < @to
            measurement: visits
            time: at
            fields: [received]
            """.Replace("PROVIDER", Provider, StringComparison.Ordinal), db, Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(
            [new DateTimeOffset(2025, 6, 2, 8, 10, 30, TimeSpan.Zero), new DateTimeOffset(2025, 6, 2, 8, 12, 45, 500, TimeSpan.Zero)],
            _run.Stored.Select(p => UnixTime.FromNanoseconds(p.Timestamp)).Order());
    }

    [Fact]
    public async Task StatementTimeout_StopsALongQueryQuickly_OnTheServerToo()
    {
        var db = await DatabaseAsync();
        var clock = Stopwatch.StartNew();

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            timeout: 1s
            query: {{SleepQuery(30)}}
            measurement: m
            fields: [received]
            """, db, Slot, timeout: "20s");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the run took {clock.Elapsed}");
        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Contains("the query did not finish within 1 s (spec.timeout) and was stopped", result.Error, StringComparison.Ordinal);
        Assert.StartsWith(Provider + (Provider == "postgresql" ? " Host" : " Server") + "=127.0.0.1;", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await EventuallyZeroAsync(db, CountRunning(SleepQuery(30)[..16])));
    }

    [Fact]
    public async Task MoreRowsThanMaxRows_FailsTheRun_AndStopsTheQueryInsteadOfReadingItAll()
    {
        var db = await DatabaseAsync();
        var clock = Stopwatch.StartNew();

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            timeout: 25s
            maxRows: 10
            query: {{ManyRowsQuery(100_000_000)}}
            measurement: m
            tags: [n]
            fields: [received]
            """, db, Slot, timeout: "30s");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the run took {clock.Elapsed}");
        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.EndsWith(": the result has more than 10 rows (spec.maxRows); narrow the query or raise maxRows", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, await EventuallyZeroAsync(db, CountRunning(ManyRowsQuery(100_000_000)[..20])));
    }

    [Fact]
    public async Task WritingFunction_FailsInTheReadOnlyTransaction_AndWritesNothing()
    {
        var db = await DatabaseAsync([.. WritingFunction()]);

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            query: SELECT bump() AS received
            measurement: m
            fields: [received]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Contains("the query failed", result.Error, StringComparison.Ordinal);
        Assert.Contains("read", result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0L, await ScalarAsync(db, "SELECT COUNT(*) FROM audit"));
    }

    [Fact]
    public async Task NullField_IsLeftOutAndCounted_ARowWithNoValueGivesNoPoint()
    {
        var db = await DatabaseAsync(
            "CREATE TABLE dvc (unit_code VARCHAR(32) NOT NULL, received INTEGER, processed_on_time INTEGER)",
            "INSERT INTO dvc VALUES ('H42.01', 131, NULL), ('H42.24', NULL, NULL), ('H42.25', 9, 8)");

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            query: SELECT unit_code, received, processed_on_time FROM dvc
            measurement: dvc_daily
            tags: [unit_code]
            fields: [received, processed_on_time]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.Points);
        Assert.Equal(
            ["H42.01: received=131", "H42.25: processed_on_time=8 received=9"],
            _run.Stored.Select(p => $"{p.Tags[0].Value}: {string.Join(' ', p.Fields.Select(f => $"{f.Name}={f.Value}"))}").Order(StringComparer.Ordinal));
        var logged = Assert.Single(_run.CollectorLog.Entries).Message;
        Assert.Contains("left out 3 NULL field values", logged, StringComparison.Ordinal);
        Assert.Contains("(received: 1, processed_on_time: 2)", logged, StringComparison.Ordinal);
        Assert.Contains("1 rows had no value at all", logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TextInAFieldColumn_FailsTheRun_NamingRowAndColumn()
    {
        var db = await DatabaseAsync(
            "CREATE TABLE dvc (n INTEGER NOT NULL, unit_code VARCHAR(32) NOT NULL, received VARCHAR(16))",
            "INSERT INTO dvc VALUES (1, 'H42.01', NULL), (2, 'H42.24', 'n/a'), (3, 'H42.25', '131')");

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            query: SELECT unit_code, received FROM dvc ORDER BY n
            measurement: dvc_daily
            tags: [unit_code]
            fields: [received]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.EndsWith(": row 2, column 'received': text 'n/a' is not a number", result.Error, StringComparison.Ordinal);
        Assert.Empty(_run.Stored);
    }

    [Fact]
    public async Task UnreachableServer_FailsTheRun_NamingItWithoutThePassword()
    {
        const string password = "Secret-Passw0rd-Of-The-Sector";
        var db = Unreachable(await CreateDatabaseAsync(), password);

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            query: SELECT 1 AS received
            measurement: m
            fields: [received]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.StartsWith($"cannot connect to {Provider} ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"Password={Ioc.Collectors.Sql.SqlSource.RedactedMark}", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(password, _run.EverythingShown, StringComparison.Ordinal);

        // A refused connection may pass: asked again within the run, twice by default.
        Assert.EndsWith("(after 3 attempts)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryOnAMissingTable_IsNotAskedAgain()
    {
        var db = await DatabaseAsync();

        var result = await _run.RunAsync($$"""
            provider: {{Provider}}
            connectionString: ${DB}
            query: SELECT received FROM no_such_table
            measurement: m
            fields: [received]
            """, db, Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Contains("the query failed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A new database with <paramref name="statements"/> run in it; its connection string.</summary>
    protected async Task<string> DatabaseAsync(params string[] statements)
    {
        var connectionString = await CreateDatabaseAsync();
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }

        return connectionString;
    }

    protected async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> EventuallyZeroAsync(string connectionString, string sql)
    {
        // The server stops the statement itself; the client's cancel may take a moment to land otherwise.
        var clock = Stopwatch.StartNew();
        long count;
        while ((count = await ScalarAsync(connectionString, sql)) > 0 && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
        }

        return count;
    }
}
