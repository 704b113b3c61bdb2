using Ioc.Core.Access;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>Signed-in sessions.</summary>
internal sealed partial class SqliteAccessStore : ISessionStore
{
    /// <summary>Schema version 3: the sessions table, indexed for pruning.</summary>
    internal const string SessionsSchema = """
        CREATE TABLE ioc_sessions (
            id TEXT NOT NULL PRIMARY KEY,
            user_name TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            ended_at TEXT
        );
        CREATE INDEX ioc_sessions_expires_at ON ioc_sessions (expires_at);
        """;

    private const string SessionColumns = "id, user_name, issued_at, expires_at, last_seen_at, ended_at";

    public async Task CreateSessionAsync(SignInSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            INSERT INTO ioc_sessions ({SessionColumns})
            VALUES ($id, $user_name, $issued_at, $expires_at, $last_seen_at, $ended_at)
            """);
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$user_name", session.UserName);
        command.Parameters.AddWithValue("$issued_at", SqliteTimeColumn.Write(session.IssuedAt));
        command.Parameters.AddWithValue("$expires_at", SqliteTimeColumn.Write(session.ExpiresAt));
        command.Parameters.AddWithValue("$last_seen_at", SqliteTimeColumn.Write(session.LastSeenAt));
        command.Parameters.AddWithValue("$ended_at", TimeOrNull(session.EndedAt));
        await InsertAsync(command, $"Session '{session.Id}' already exists", cancellationToken);
    }

    public async Task<SignInSession?> FindSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {SessionColumns} FROM ioc_sessions WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await ReadSingleAsync(command, ReadSession, cancellationToken);
    }

    public async Task<bool> TouchSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);

        // The text format sorts as the times do, so max() keeps the later of two processes' touches.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE ioc_sessions SET last_seen_at = max(last_seen_at, $at) WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "UPDATE ioc_sessions SET ended_at = $at WHERE id = $id AND ended_at IS NULL");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> PruneSessionsAsync(DateTimeOffset before, DateTimeOffset idleBefore, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            DELETE FROM ioc_sessions WHERE ended_at < $before OR expires_at < $before OR last_seen_at < $idle_before
            """);
        command.Parameters.AddWithValue("$before", SqliteTimeColumn.Write(before));
        command.Parameters.AddWithValue("$idle_before", SqliteTimeColumn.Write(idleBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SignInSession ReadSession(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        SqliteTimeColumn.Read(reader.GetString(2)),
        SqliteTimeColumn.Read(reader.GetString(3)),
        SqliteTimeColumn.Read(reader.GetString(4)),
        ReadTimeOrNull(reader, 5));
}
