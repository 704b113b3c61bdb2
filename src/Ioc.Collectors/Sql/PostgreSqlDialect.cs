using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Collectors.Sql;

/// <summary>
/// PostgreSQL through Npgsql: <c>BEGIN</c>, then <c>SET TRANSACTION READ ONLY</c> with <c>statement_timeout</c> and
/// <c>TimeZone</c> set for that transaction only (<c>SET LOCAL</c>), so a pooled connection keeps nothing of it.
/// </summary>
internal sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    // query_canceled: statement_timeout on the server, or the cancel Npgsql sends when the command timeout runs out.
    private const string QueryCanceled = "57014";

    private PostgreSqlDialect()
    {
    }

    public override SqlProvider Provider => SqlProvider.PostgreSql;

    /// <summary>What runs first in the transaction; an error in it rolls the whole transaction back.</summary>
    public static string TransactionSetup(TimeSpan statementTimeout) =>
        $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {Milliseconds(statementTimeout)}; SET LOCAL TimeZone = 'UTC'";

    public override DbConnection CreateConnection(SqlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new NpgsqlConnection(source.ConnectionString);
    }

    public override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan statementTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(Isolation, cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, TransactionSetup(statementTimeout), cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override bool IsTimeout(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == QueryCanceled,
        NpgsqlException { InnerException: TimeoutException } => true,
        _ => false,
    };

    protected override DbParameter WindowParameter(string name, DateTime utc) =>
        new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = utc };

    protected override SqlSource? Read(string connectionString, int connectTimeoutSeconds, out string? problem)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            problem = "names no server (Host=…)";
            return null;
        }

        builder.Timeout = Math.Min(builder.Timeout, connectTimeoutSeconds);
        var shown = Shown(new NpgsqlConnectionStringBuilder(), builder.Password, ("Host", builder.Host), ("Port", builder.Port), ("Database", builder.Database), ("Username", builder.Username));
        problem = null;
        return new SqlSource(builder.ConnectionString, shown, [builder.Password]);
    }
}
