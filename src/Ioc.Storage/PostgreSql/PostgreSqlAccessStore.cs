using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// Users, display tokens, API keys, the audit log and the data-protection key ring in PostgreSQL, beside the
/// definitions (<see cref="PostgreSqlDefinitionStore"/>) and shared by every Ioc process of a deployment. Each call
/// takes a pooled connection of its own and each write is one statement or one transaction serialised by a lock,
/// so two processes at once never both count a change or both pass a check. This part reads and creates users;
/// the changes to them, the credentials, the audit log and the key ring are in the other parts.
/// </summary>
internal sealed partial class PostgreSqlAccessStore : IAccessStore, IKeyRingStore, IAsyncDisposable, IDisposable
{
    private const string UserColumns =
        "name, role, password_hash, must_change_password, security_stamp, created_at, updated_at";

    private readonly NpgsqlDataSource _dataSource;

    public PostgreSqlAccessStore(IOptions<PostgreSqlOptions> options)
    {
        _dataSource = PostgreSqlOptions.CreateDataSource(options);
    }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // One schema for the whole database: whichever store starts first brings every table to the current version.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await PostgreSqlDefinitionSchema.ApplyAsync(connection, cancellationToken);
    }

    public async Task<int> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*)::integer FROM ioc_users");
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<UserAccount?> FindUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _dataSource.CreateCommand($"SELECT {UserColumns} FROM ioc_users WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        return await ReadSingleAsync(command, ReadUser, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        // COLLATE "C": names sort by their bytes whatever the database's locale, as they do in SQLite.
        await using var command = _dataSource.CreateCommand($"SELECT {UserColumns} FROM ioc_users ORDER BY name COLLATE \"C\"");
        return await ReadAllAsync(command, ReadUser, cancellationToken);
    }

    public async Task CreateUserAsync(UserAccount user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_users ({UserColumns})
            VALUES (@name, @role, @password_hash, @must_change_password, @security_stamp, @created_at, @updated_at)
            """);
        command.Parameters.AddWithValue("name", user.Name);
        command.Parameters.AddWithValue("role", user.Role);
        command.Parameters.Add(new NpgsqlParameter("password_hash", NpgsqlDbType.Text) { Value = (object?)user.PasswordHash ?? DBNull.Value });
        command.Parameters.AddWithValue("must_change_password", user.MustChangePassword);
        command.Parameters.AddWithValue("security_stamp", user.SecurityStamp);
        command.Parameters.Add(Time("created_at", user.CreatedAt));
        command.Parameters.Add(Time("updated_at", user.UpdatedAt));
        await InsertAsync(command, $"User '{user.Name}' already exists", cancellationToken);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

    private static UserAccount ReadUser(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetBoolean(3),
        reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.GetFieldValue<DateTimeOffset>(6));

    /// <summary>
    /// A timestamptz parameter. Npgsql accepts only UTC for it, so a time with another offset is converted first;
    /// a null goes out typed, which PostgreSQL needs when nothing else says what the parameter is.
    /// </summary>
    private static NpgsqlParameter Time(string name, DateTimeOffset? value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value is { } time ? time.ToUniversalTime() : DBNull.Value };

    private static DateTimeOffset? ReadTimeOrNull(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>Runs an INSERT, turning a clash with an existing key into the conflict the port promises.</summary>
    private static async Task InsertAsync(NpgsqlCommand command, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new AccessConflictException(conflict);
        }
    }

    private static Task<T?> ReadSingleAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
        where T : class => DbRows.ReadSingleAsync(command, read, cancellationToken);

    private static Task<IReadOnlyList<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken) =>
        DbRows.ReadAllAsync(command, read, cancellationToken);
}
