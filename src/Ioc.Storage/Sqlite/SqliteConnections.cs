using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

internal static class SqliteConnections
{
    /// <summary>Opens a pooled connection; one that fails to open is disposed, not leaked to the finalizer.</summary>
    public static async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
