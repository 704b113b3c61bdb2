using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// Collector and dashboard definitions in PostgreSQL, shared by every Ioc process of a deployment. Each call
/// takes a pooled connection of its own; an upsert is one statement, so two processes provisioning the same
/// files at once cannot both count a change.
/// </summary>
internal sealed partial class PostgreSqlDefinitionStore : IDefinitionStore, ICollectorRunStore, IAsyncDisposable, IDisposable
{
    private const string Columns = "kind, id, content, source, updated_at, version";

    // The statement answers with the row as stored afterwards. Unchanged content updates only the source (so
    // errors name the file it now comes from) and keeps version and time; a row with nothing new is not written
    // at all and comes from the second branch, which reads the table as it was when the statement began.
    private const string UpsertSql = $"""
        WITH written AS (
            INSERT INTO ioc_definitions AS d ({Columns})
            VALUES (@kind, @id, @content, @source, now(), 1)
            ON CONFLICT (kind, id) DO UPDATE SET
                content = excluded.content,
                source = excluded.source,
                updated_at = CASE WHEN d.content = excluded.content THEN d.updated_at ELSE excluded.updated_at END,
                version = CASE WHEN d.content = excluded.content THEN d.version ELSE d.version + 1 END
            WHERE d.content IS DISTINCT FROM excluded.content OR d.source IS DISTINCT FROM excluded.source
            RETURNING {Columns}
        )
        SELECT {Columns} FROM written
        UNION ALL
        SELECT {Columns} FROM ioc_definitions
        WHERE kind = @kind AND id = @id AND NOT EXISTS (SELECT 1 FROM written)
        """;

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlDefinitionStore(IOptions<PostgreSqlOptions> options)
    {
        _dataSource = PostgreSqlOptions.CreateDataSource(options);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await PostgreSqlDefinitionSchema.ApplyAsync(connection, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(DefinitionKind kind, CancellationToken cancellationToken = default)
    {
        // COLLATE "C": ids sort by their bytes whatever the database's locale, as they do in SQLite.
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM ioc_definitions WHERE kind = @kind ORDER BY id COLLATE \"C\"");
        command.Parameters.AddWithValue("kind", DefinitionKindColumn.ToColumn(kind));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var definitions = new List<StoredDefinition>();
        while (await reader.ReadAsync(cancellationToken))
        {
            definitions.Add(Read(reader));
        }

        return definitions;
    }

    public async Task<StoredDefinition> UpsertAsync(DefinitionKind kind, string id, string content, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        // No row comes back when another process inserted the same content a moment earlier: its row was not in
        // this statement's snapshot. The next statement sees it, so one more try answers.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var command = _dataSource.CreateCommand(UpsertSql);
            command.Parameters.AddWithValue("kind", DefinitionKindColumn.ToColumn(kind));
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("content", content);
            command.Parameters.AddWithValue("source", source);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return Read(reader);
            }
        }

        throw new InvalidOperationException($"{kind} '{id}' kept changing while it was being stored; store it again");
    }

    public async Task<bool> DeleteAsync(DefinitionKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_definitions WHERE kind = @kind AND id = @id");
        command.Parameters.AddWithValue("kind", DefinitionKindColumn.ToColumn(kind));
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Reads the table, not just the server: before InitializeAsync the store cannot serve.
            await using var command = _dataSource.CreateCommand("SELECT 1 FROM ioc_definitions LIMIT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static StoredDefinition Read(NpgsqlDataReader reader) => new(
        DefinitionKindColumn.FromColumn(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        reader.GetInt64(5));
}
