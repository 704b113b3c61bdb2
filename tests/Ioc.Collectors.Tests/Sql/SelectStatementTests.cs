using Ioc.Collectors.Sql;

namespace Ioc.Collectors.Tests.Sql;

public sealed class SelectStatementTests
{
    private const string OnlyOne = "only one SELECT or WITH statement is accepted; found ";

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("select unit_code, received from v_dvc_daily where day >= @from and day < @to")]
    [InlineData("WITH t AS (SELECT 1 AS x) SELECT x FROM t")]
    [InlineData("WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 5) SELECT n FROM t")]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT 1 ; -- the end\n;")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)")]
    [InlineData("SELECT a FROM t UNION SELECT b FROM u EXCEPT SELECT c FROM w")]
    [InlineData("SELECT 'DELETE FROM t; --' AS s")]
    [InlineData("SELECT 'it''s; DROP TABLE t' AS s")]
    [InlineData("SELECT 1 -- DROP TABLE t\n")]
    [InlineData("SELECT /* UPDATE t SET a = 1; */ 1")]
    [InlineData("SELECT \"update\" FROM t")]
    [InlineData("SELECT REPLACE(unit_name, 'Xã ', '') AS name FROM t")]
    [InlineData("SELECT * FROM t ORDER BY a OFFSET 0 ROWS FETCH NEXT 10 ROWS ONLY")]
    [InlineData("SELECT share, next_value FROM t")]
    public void Accepts_OneSelect_OnEveryProvider(string query)
    {
        foreach (var provider in (string[])["postgresql", "mysql", "sqlserver"])
        {
            Assert.True(Accepts(provider, query), $"{provider} refused: {Problem(provider, query)}");
        }
    }

    [Theory]
    [InlineData("postgresql", "SELECT $$; DELETE FROM t$$ AS s")]
    [InlineData("postgresql", "SELECT $body$ it's; DROP TABLE t $body$ AS s")]
    [InlineData("postgresql", "SELECT 1 --1; DELETE FROM t")] // PostgreSQL reads "--1…" as a comment
    [InlineData("mysql", "SELECT 1 # DELETE FROM t; \n")]
    [InlineData("mysql", "SELECT `update`, `a``; DROP` FROM t")]
    [InlineData("mysql", "SELECT 1 -- ; DELETE FROM t")]
    [InlineData("sqlserver", "SELECT [update], [a]]; DROP] FROM t")]
    [InlineData("sqlserver", "SELECT 'C:\\data\\' AS folder")]
    [InlineData("sqlserver", "SELECT TOP 10 unit_code FROM t WITH (NOLOCK)")]
    [InlineData("sqlserver", "SELECT @@VERSION AS v")]
    [InlineData("sqlserver", "SELECT * FROM #units")]
    public void Accepts_WhatTheProviderReadsAsOneSelect(string provider, string query)
    {
        Assert.True(Accepts(provider, query), Problem(provider, query));
    }

    [Theory]
    [InlineData("INSERT INTO t VALUES (1)", "INSERT")]
    [InlineData("update t set a = 1", "UPDATE")]
    [InlineData("DELETE FROM t", "DELETE")]
    [InlineData("DROP TABLE t", "DROP")]
    [InlineData("/* a comment first */ TRUNCATE t", "TRUNCATE")]
    [InlineData("VALUES (1)", "VALUES")]
    [InlineData("EXPLAIN SELECT 1", "EXPLAIN")]
    [InlineData("CALL refresh_kpis()", "CALL")]
    [InlineData("SET a = 1", "SET")]
    [InlineData("SELECT 1; DELETE FROM t", "';' followed by a second statement")]
    [InlineData("SELECT 1; SELECT 2", "';' followed by a second statement")]
    [InlineData("SELECT * INTO copy_of_t FROM t", "INTO")]
    [InlineData("WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", "DELETE")]
    [InlineData("WITH d AS (SELECT 1) INSERT INTO t SELECT * FROM d", "INSERT")]
    [InlineData("SELECT * FROM t FOR UPDATE", "UPDATE")]
    [InlineData("SELECT * FROM t FOR SHARE", "FOR SHARE (it locks rows)")]
    [InlineData("SELECT NEXT VALUE FOR s", "NEXT VALUE FOR")]
    [InlineData("SELECT nextval('s')", "NEXTVAL")]
    [InlineData("SELECT 1 /* /* */ ; DELETE FROM t */", "a comment inside a comment")]
    [InlineData("SELECT 1 /* DELETE FROM t", "a comment that is never closed (/* without */)")]
    [InlineData("SELECT 'abc", "' that is never closed")]
    [InlineData("SELECT (1", "'(' without its ')'")]
    [InlineData("SELECT 1)", "')' without its '('")]
    [InlineData("-- nothing but a comment", "no statement")]
    public void Refuses_NamingWhatItFound_OnEveryProvider(string query, string found)
    {
        foreach (var provider in (string[])["postgresql", "mysql", "sqlserver"])
        {
            Assert.Equal(OnlyOne + found, Problem(provider, query));
        }
    }

    [Theory]
    // T-SQL needs no ';' between statements.
    [InlineData("sqlserver", "SELECT 1 DELETE FROM t", "DELETE")]
    [InlineData("sqlserver", "SELECT 1 SELECT 2", "a second SELECT statement")]
    [InlineData("sqlserver", "SELECT 1 WITH x AS (SELECT 2) SELECT * FROM x", "a second SELECT statement")]
    [InlineData("sqlserver", "SELECT 1 WAITFOR DELAY '00:10'", "WAITFOR")]
    [InlineData("sqlserver", "SELECT 1 EXEC sp_who", "EXEC")]
    [InlineData("sqlserver", "SELECT * FROM OPENQUERY(archive, 'DELETE FROM t')", "OPENQUERY")]
    [InlineData("sqlserver", "SELECT 1 BACKUP DATABASE d TO DISK = 'x'", "BACKUP")]
    [InlineData("sqlserver", "SELECT 'a\\'; DELETE FROM t; -- '", "';' followed by a second statement")]
    // MySQL runs what is inside /*! … */ and reads hints from /*+ … */.
    [InlineData("mysql", "SELECT 1 /*! ; DELETE FROM t */", "a comment the server executes (/*! … */, /*M! … */ or an optimizer hint /*+ … */)")]
    [InlineData("mysql", "SELECT /*+ MAX_EXECUTION_TIME(0) */ 1", "a comment the server executes (/*! … */, /*M! … */ or an optimizer hint /*+ … */)")]
    [InlineData("mysql", "SELECT 1 /*M! ; DELETE FROM t */", "a comment the server executes (/*! … */, /*M! … */ or an optimizer hint /*+ … */)")]
    // MySQL's "--" needs a space after it; "1--1" is arithmetic, so the ';' is real.
    [InlineData("mysql", "SELECT 1 --1; DELETE FROM t", "';' followed by a second statement")]
    // '#' is a comment only in MySQL; in PostgreSQL it is an operator, so the ';' is real.
    [InlineData("postgresql", "SELECT 1 # 2; DELETE FROM t", "';' followed by a second statement")]
    // Whether a backslash escapes the quote depends on server settings: refused rather than guessed.
    [InlineData("mysql", "SELECT 'a\\'; DELETE FROM t; -- '", "a backslash inside '…' (whether it escapes depends on server settings; write the text without it)")]
    [InlineData("mysql", "SELECT \"a\\\"; DELETE FROM t; -- \"", "a backslash inside \"…\" (whether it escapes depends on server settings; write the text without it)")]
    [InlineData("postgresql", "SELECT E'a\\'; DELETE FROM t; -- '", "a backslash inside '…' (whether it escapes depends on server settings; write the text without it)")]
    // A dollar-quoted string is read as PostgreSQL reads it: the quote inside does not open a string.
    [InlineData("postgresql", "SELECT $$ ' $$; DELETE FROM t; -- '", "';' followed by a second statement")]
    [InlineData("postgresql", "SELECT $x$ never closed", "a $x$ string that is never closed")]
    public void Refuses_WhatOnlyThisProviderReadsAsMore(string provider, string query, string found)
    {
        Assert.Equal(OnlyOne + found, Problem(provider, query));
    }

    [Theory]
    [InlineData("SELECT * FROM t WHERE at > @since", "since")]
    [InlineData("SELECT * FROM t WHERE at >= @From", "From")]
    [InlineData("SELECT @n := 1", "n")]
    public void Refuses_AnyParameterButFromAndTo(string query, string name)
    {
        Assert.Equal($"@{name} is not bound: the only parameters are @from and @to, the run's window (written in lower case)", Problem("mysql", query));
    }

    [Theory]
    [InlineData("SELECT 1", false, false)]
    [InlineData("SELECT * FROM t WHERE at >= @from", true, false)]
    [InlineData("SELECT * FROM t WHERE at < @to", false, true)]
    [InlineData("SELECT * FROM t WHERE at >= @from AND at < @to AND '@x' <> ''", true, true)]
    [InlineData("SELECT * FROM t -- WHERE at >= @from\n", false, false)]
    public void Tells_WhichWindowParametersAreUsed(string query, bool from, bool to)
    {
        var statement = SelectStatement.Check(query, SqlProvider.PostgreSql, out var problem);

        Assert.Null(problem);
        Assert.Equal((from, to), (statement!.UsesFrom, statement.UsesTo));
        Assert.Equal(query, statement.Text);
    }

    private static bool Accepts(string provider, string query) => Problem(provider, query) is null;

    private static string? Problem(string provider, string query)
    {
        Assert.True(SqlProviderNames.TryParse(provider, out var parsed));
        var statement = SelectStatement.Check(query, parsed, out var problem);
        Assert.Equal(problem is null, statement is not null);
        return problem;
    }
}
