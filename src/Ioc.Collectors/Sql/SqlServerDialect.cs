using System.Data;
using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace Ioc.Collectors.Sql;

/// <summary>
/// SQL Server through Microsoft.Data.SqlClient. SQL Server has no read-only transaction and no server-side statement
/// timeout, so instead: the statement check (T-SQL functions cannot write, so one checked SELECT cannot either), a
/// transaction that is always rolled back, <c>ApplicationIntent=ReadOnly</c> (a read-only replica where an availability
/// group routes to one), <c>SET LOCK_TIMEOUT</c> so the query does not queue behind locks, and the command timeout,
/// on which SqlClient sends an attention that stops the statement on the server. Not tested against a real server.
/// </summary>
internal sealed class SqlServerDialect : SqlDialect
{
    public static readonly SqlServerDialect Instance = new();

    // What SqlClient reports when the command timeout ran out (it then cancels the statement on the server).
    private const int ClientTimeout = -2;

    // Lock request time out period exceeded (SET LOCK_TIMEOUT).
    private const int LockTimeout = 1222;

    private SqlServerDialect()
    {
    }

    public override SqlProvider Provider => SqlProvider.SqlServer;

    /// <summary>What runs on the session before the transaction begins; the pool resets it with the connection.</summary>
    public static string SessionSetup(TimeSpan statementTimeout) =>
        $"SET LOCK_TIMEOUT {Milliseconds(statementTimeout)}; SET NOCOUNT ON; SET XACT_ABORT ON";

    public override DbConnection CreateConnection(SqlSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new SqlConnection(source.ConnectionString);
    }

    public override async Task<DbTransaction> BeginReadOnlyAsync(DbConnection connection, TimeSpan statementTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await ExecuteAsync(connection, null, SessionSetup(statementTimeout), cancellationToken);
        return await connection.BeginTransactionAsync(Isolation, cancellationToken);
    }

    public override bool IsTimeout(Exception exception) => exception is SqlException { Number: ClientTimeout or LockTimeout };

    protected override DbParameter WindowParameter(string name, DateTime utc) =>
        new SqlParameter("@" + name, SqlDbType.DateTime2) { Value = utc };

    protected override SqlSource? Read(string connectionString, int connectTimeoutSeconds, out string? problem)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            problem = "names no server (Server=… or Data Source=…)";
            return null;
        }

        builder.ConnectTimeout = Math.Min(builder.ConnectTimeout, connectTimeoutSeconds);
        builder.ApplicationIntent = ApplicationIntent.ReadOnly;
        var shown = Shown(new SqlConnectionStringBuilder(), builder.Password, ("Data Source", builder.DataSource), ("Initial Catalog", builder.InitialCatalog), ("User ID", builder.UserID));
        problem = null;
        return new SqlSource(builder.ConnectionString, shown, [builder.Password]);
    }
}
