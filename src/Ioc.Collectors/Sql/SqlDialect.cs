using System.Data;
using System.Data.Common;
using System.Globalization;

namespace Ioc.Collectors.Sql;

/// <summary>The run's window: rows of <c>[From, To)</c>, from the previous slot of the schedule to this run's slot.</summary>
internal readonly record struct SqlWindow(DateTimeOffset From, DateTimeOffset To);

/// <summary>
/// Everything that differs between providers, chosen once from <see cref="SqlProvider"/>: reading the connection
/// string, opening, the read-only transaction with its statement timeout, binding <c>@from</c>/<c>@to</c>, and telling
/// a timeout from other errors. The collector itself is the same for all.
/// </summary>
internal abstract class SqlDialect
{
    public static SqlDialect For(SqlProvider provider) => provider switch
    {
        SqlProvider.PostgreSql => PostgreSqlDialect.Instance,
        SqlProvider.MySql => MySqlDialect.Instance,
        SqlProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public abstract SqlProvider Provider { get; }

    public string Name => SqlProviderNames.NameOf(Provider);

    /// <summary>
    /// The source for a connection string, with its connect timeout cut to <paramref name="connectTimeout"/>; or null
    /// with what is wrong, quoting no value of it.
    /// </summary>
    public SqlSource? Parse(string connectionString, TimeSpan connectTimeout, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        try
        {
            return Read(connectionString, Math.Max(1, (int)Math.Ceiling(connectTimeout.TotalSeconds)), out problem);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // Builders name the key at fault ("Keyword not supported: 'hots'"); a value is scrubbed in case one is quoted.
            problem = $"not a valid {Name} connection string: {SqlSource.InText(ex.Message.Replace(connectionString, "…", StringComparison.Ordinal))}";
            return null;
        }
    }

    public abstract DbConnection CreateConnection(SqlSource source);

    /// <summary>
    /// Sets up the open connection for one query and begins its transaction: read-only where the server has such a
    /// transaction, the statement timeout on the server where it has one, times in UTC.
    /// </summary>
    public abstract Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan statementTimeout, CancellationToken cancellationToken);

    /// <summary>The query, bound to the run's window, limited by the command timeout on the client side as well.</summary>
    public DbCommand CreateQuery(DbConnection connection, DbTransaction? transaction, SelectStatement statement, SqlWindow window, TimeSpan statementTimeout)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(statement);
        var command = connection.CreateCommand();
        command.CommandText = statement.Text;
        command.Transaction = transaction;
        command.CommandTimeout = CommandTimeoutSeconds(statementTimeout);
        if (statement.UsesFrom)
        {
            command.Parameters.Add(WindowParameter(SelectStatement.FromParameter, window.From.UtcDateTime));
        }

        if (statement.UsesTo)
        {
            command.Parameters.Add(WindowParameter(SelectStatement.ToParameter, window.To.UtcDateTime));
        }

        return command;
    }

    /// <summary>Whether an error is the statement timeout, on the server or the client's command timeout.</summary>
    public abstract bool IsTimeout(Exception exception);

    /// <summary>Whole seconds, rounded up: the command timeout is the client's backstop behind the server's own.</summary>
    public static int CommandTimeoutSeconds(TimeSpan timeout) => Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));

    protected static string Milliseconds(TimeSpan timeout) =>
        Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="name"/> is <c>from</c> or <c>to</c>; <paramref name="utc"/> has <see cref="DateTimeKind.Utc"/>.</summary>
    protected abstract DbParameter WindowParameter(string name, DateTime utc);

    protected abstract SqlSource? Read(string connectionString, int connectTimeoutSeconds, out string? problem);

    /// <summary>
    /// A connection string of only the given parts that have a value, in the provider's own spelling, and
    /// <c>Password=[redacted]</c> when there is a password: what messages show of a source.
    /// </summary>
    protected static string Shown(DbConnectionStringBuilder empty, string? password, params (string Key, object? Value)[] parts)
    {
        ArgumentNullException.ThrowIfNull(empty);
        foreach (var (key, value) in parts)
        {
            if (value is not (null or ""))
            {
                empty[key] = value;
            }
        }

        if (!string.IsNullOrEmpty(password))
        {
            empty["Password"] = SqlSource.RedactedMark;
        }

        return empty.ConnectionString;
    }

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected static IsolationLevel Isolation => IsolationLevel.ReadCommitted;
}
