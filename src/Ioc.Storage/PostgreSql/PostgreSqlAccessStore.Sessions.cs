using Ioc.Core.Access;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>Signed-in sessions.</summary>
internal sealed partial class PostgreSqlAccessStore : ISessionStore
{
    /// <summary>Schema version 3: the sessions table, indexed for pruning.</summary>
    internal const string SessionsSchema = """
        CREATE TABLE ioc_sessions (
            id text NOT NULL PRIMARY KEY,
            user_name text NOT NULL,
            issued_at timestamptz NOT NULL,
            expires_at timestamptz NOT NULL,
            last_seen_at timestamptz NOT NULL,
            ended_at timestamptz
        );
        CREATE INDEX ioc_sessions_expires_at ON ioc_sessions (expires_at);
        """;

    private const string SessionColumns = "id, user_name, issued_at, expires_at, last_seen_at, ended_at";

    public async Task CreateSessionAsync(SignInSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_sessions ({SessionColumns})
            VALUES (@id, @user_name, @issued_at, @expires_at, @last_seen_at, @ended_at)
            """);
        command.Parameters.AddWithValue("id", session.Id);
        command.Parameters.AddWithValue("user_name", session.UserName);
        command.Parameters.Add(Time("issued_at", session.IssuedAt));
        command.Parameters.Add(Time("expires_at", session.ExpiresAt));
        command.Parameters.Add(Time("last_seen_at", session.LastSeenAt));
        command.Parameters.Add(Time("ended_at", session.EndedAt));
        await InsertAsync(command, $"Session '{session.Id}' already exists", cancellationToken);
    }

    public async Task<SignInSession?> FindSessionAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"SELECT {SessionColumns} FROM ioc_sessions WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await ReadSingleAsync(command, ReadSession, cancellationToken);
    }

    public async Task<bool> TouchSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand("UPDATE ioc_sessions SET last_seen_at = greatest(last_seen_at, @at) WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Time("at", at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand("UPDATE ioc_sessions SET ended_at = @at WHERE id = @id AND ended_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Time("at", at));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> PruneSessionsAsync(DateTimeOffset before, DateTimeOffset idleBefore, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("""
            DELETE FROM ioc_sessions WHERE ended_at < @before OR expires_at < @before OR last_seen_at < @idle_before
            """);
        command.Parameters.Add(Time("before", before));
        command.Parameters.Add(Time("idle_before", idleBefore));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SignInSession ReadSession(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetFieldValue<DateTimeOffset>(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        ReadTimeOrNull(reader, 5));
}
