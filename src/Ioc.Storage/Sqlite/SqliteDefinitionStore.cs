using System.ComponentModel.DataAnnotations;
using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Collector and dashboard definitions in a SQLite file of their own, for a single-machine Ioc. Every call opens
/// a pooled connection; writes take the file's write lock up front (BEGIN IMMEDIATE), so two processes on one
/// file never both count a change.
/// </summary>
internal sealed partial class SqliteDefinitionStore : IDefinitionStore, ICollectorRunStore
{
    private const string Columns = "kind, id, content, source, updated_at, version";

    private readonly string _path;
    private readonly string _connectionString;
    private readonly string _existingFileConnectionString;

    public SqliteDefinitionStore(IOptions<SqliteDefinitionStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        _path = System.IO.Path.GetFullPath(settings.Path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,

            // Microsoft.Data.Sqlite retries a statement that finds the file locked until this many seconds pass.
            DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds),
        };
        _connectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        _existingFileConnectionString = builder.ToString();
    }

    /// <summary>The database file, resolved to a full path.</summary>
    public string Path => _path;

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(_path)!);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        SqliteDefinitionSchema.Apply(connection);
    }

    public async Task<IReadOnlyList<StoredDefinition>> ListAsync(DefinitionKind kind, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM ioc_definitions WHERE kind = $kind ORDER BY id");
        command.Parameters.AddWithValue("$kind", DefinitionKindColumn.ToColumn(kind));
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
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        var existing = await FindAsync(connection, transaction, kind, id, cancellationToken);

        // Unchanged content keeps version and time; only a new source is recorded, so errors name the file the
        // content now comes from. A row with nothing new is not written at all.
        var stored = existing switch
        {
            null => new StoredDefinition(kind, id, content, source, Now(), 1),
            _ when existing.Content == content && existing.Source == source => existing,
            _ when existing.Content == content => existing with { Source = source },
            _ => new StoredDefinition(kind, id, content, source, Now(), existing.Version + 1),
        };
        if (!ReferenceEquals(stored, existing))
        {
            await using var write = Command(connection, transaction, $"""
                INSERT INTO ioc_definitions ({Columns}) VALUES ($kind, $id, $content, $source, $updated_at, $version)
                ON CONFLICT (kind, id) DO UPDATE SET
                    content = excluded.content, source = excluded.source, updated_at = excluded.updated_at, version = excluded.version
                """);
            write.Parameters.AddWithValue("$kind", DefinitionKindColumn.ToColumn(kind));
            write.Parameters.AddWithValue("$id", id);
            write.Parameters.AddWithValue("$content", content);
            write.Parameters.AddWithValue("$source", source);
            write.Parameters.AddWithValue("$updated_at", SqliteTimeColumn.Write(stored.UpdatedAt));
            write.Parameters.AddWithValue("$version", stored.Version);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
        return stored;
    }

    public async Task<bool> DeleteAsync(DefinitionKind kind, string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_definitions WHERE kind = $kind AND id = $id");
        command.Parameters.AddWithValue("$kind", DefinitionKindColumn.ToColumn(kind));
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            // Never creates the file, and reads the table: before InitializeAsync the store cannot serve.
            await using var connection = await OpenAsync(_existingFileConnectionString, cancellationToken);
            await using var command = Command(connection, null, "SELECT 1 FROM ioc_definitions LIMIT 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private static async Task<StoredDefinition?> FindAsync(SqliteConnection connection, SqliteTransaction transaction, DefinitionKind kind, string id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM ioc_definitions WHERE kind = $kind AND id = $id");
        command.Parameters.AddWithValue("$kind", DefinitionKindColumn.ToColumn(kind));
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken) => SqliteConnections.OpenAsync(connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static DateTimeOffset Now()
    {
        var now = DateTimeOffset.UtcNow;
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static StoredDefinition Read(SqliteDataReader reader) => new(
        DefinitionKindColumn.FromColumn(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        SqliteTimeColumn.Read(reader.GetString(4)),
        reader.GetInt64(5));
}
