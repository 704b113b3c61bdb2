using System.Data.Common;
using System.Globalization;
using MySqlConnector;

namespace Ioc.Collectors.Sql;

/// <summary>
/// MySQL and MariaDB through MySqlConnector: the session's statement timeout (<c>max_execution_time</c> in MySQL,
/// <c>max_statement_time</c> in MariaDB, told apart by the server's version) and time zone, then
/// <c>START TRANSACTION READ ONLY</c>. The pool resets the session before the connection is used again.
/// </summary>
internal sealed class MySqlDialect : SqlDialect
{
    public static readonly MySqlDialect Instance = new();

    // ER_STATEMENT_TIMEOUT (MariaDB's max_statement_time) and ER_QUERY_TIMEOUT (MySQL's max_execution_time).
    private const int MariaDbStatementTimeout = 1969;
    private const int MySqlQueryTimeout = 3024;

    private MySqlDialect()
    {
    }

    public override SqlProvider Provider => SqlProvider.MySql;

    /// <summary>What runs on the session before the transaction begins.</summary>
    public static string SessionSetup(TimeSpan statementTimeout, bool mariaDb) => mariaDb
        ? $"SET SESSION max_statement_time = {Math.Max(0.001, statementTimeout.TotalSeconds).ToString("0.###", CultureInfo.InvariantCulture)}, SESSION time_zone = '+00:00'"
        : $"SET SESSION max_execution_time = {Milliseconds(statementTimeout)}, SESSION time_zone = '+00:00'";

    public static bool IsMariaDb(string serverVersion) => serverVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase);

    public override DbConnection CreateConnection(SqlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new MySqlConnection(source.ConnectionString);
    }

    public override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan statementTimeout, CancellationToken cancellationToken)
    {
        var mysql = (MySqlConnection)connection;
        await ExecuteAsync(mysql, null, SessionSetup(statementTimeout, IsMariaDb(mysql.ServerVersion)), cancellationToken);
        return await mysql.BeginTransactionAsync(Isolation, isReadOnly: true, cancellationToken);
    }

    public override bool IsTimeout(Exception exception) =>
        exception is MySqlException mysql
        && (mysql.ErrorCode == MySqlErrorCode.CommandTimeoutExpired || mysql.Number is MariaDbStatementTimeout or MySqlQueryTimeout);

    protected override DbParameter WindowParameter(string name, DateTime utc) =>
        new MySqlParameter("@" + name, MySqlDbType.DateTime) { Value = utc };

    protected override SqlSource? Read(string connectionString, int connectTimeoutSeconds, out string? problem)
    {
        var builder = new MySqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.Server))
        {
            problem = "names no server (Server=…)";
            return null;
        }

        builder.ConnectionTimeout = Math.Min(builder.ConnectionTimeout, (uint)connectTimeoutSeconds);
        var shown = Shown(new MySqlConnectionStringBuilder(), builder.Password, ("Server", builder.Server), ("Port", builder.Port), ("Database", builder.Database), ("User ID", builder.UserID));
        problem = null;
        return new SqlSource(builder.ConnectionString, shown, [builder.Password, builder.CertificatePassword]);
    }
}
