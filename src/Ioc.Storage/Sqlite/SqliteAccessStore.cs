using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Users, display tokens, API keys, the audit log and the data-protection key ring in the configuration database
/// of a single-machine Ioc, beside the definitions (<see cref="SqliteDefinitionStore"/>). Every call opens a pooled
/// connection; each write is one statement or one IMMEDIATE transaction, which SQLite runs under the file's write
/// lock, so two processes on one file never both count a change or both pass a check. This part reads and creates
/// users; the changes to them, the credentials, the audit log and the key ring are in the other parts.
/// </summary>
internal sealed partial class SqliteAccessStore : IAccessStore, IKeyRingStore
{
    private const string UserColumns =
        "name, role, password_hash, must_change_password, security_stamp, created_at, updated_at";

    // The primary key or a unique constraint; other constraint failures (a negative count) are not conflicts.
    private const int PrimaryKeyViolation = 1555;
    private const int UniqueViolation = 2067;

    private readonly string _connectionString;

    public SqliteAccessStore(IOptions<SqliteDefinitionStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        Validator.ValidateObject(settings, new ValidationContext(settings), validateAllProperties: true);
        Path = System.IO.Path.GetFullPath(settings.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,

            // Microsoft.Data.Sqlite retries a statement that finds the file locked until this many seconds pass.
            DefaultTimeout = (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file, resolved to a full path.</summary>
    public string Path { get; }

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        // One schema for the whole file: whichever store starts first brings every table to the current version.
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var connection = await OpenAsync(cancellationToken);
        SqliteDefinitionSchema.Apply(connection);
    }

    public async Task<int> CountUsersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "SELECT count(*) FROM ioc_users");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public async Task<UserAccount?> FindUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {UserColumns} FROM ioc_users WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return await ReadSingleAsync(command, ReadUser, cancellationToken);
    }

    public async Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken cancellationToken = default)
    {
        // SQLite's default collation compares bytes, as COLLATE "C" does in PostgreSQL.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {UserColumns} FROM ioc_users ORDER BY name");
        return await ReadAllAsync(command, ReadUser, cancellationToken);
    }

    public async Task CreateUserAsync(UserAccount user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            INSERT INTO ioc_users ({UserColumns})
            VALUES ($name, $role, $password_hash, $must_change_password, $security_stamp, $created_at, $updated_at)
            """);
        command.Parameters.AddWithValue("$name", user.Name);
        command.Parameters.AddWithValue("$role", user.Role);
        command.Parameters.AddWithValue("$password_hash", (object?)user.PasswordHash ?? DBNull.Value);
        command.Parameters.AddWithValue("$must_change_password", user.MustChangePassword);
        command.Parameters.AddWithValue("$security_stamp", user.SecurityStamp);
        command.Parameters.AddWithValue("$created_at", SqliteTimeColumn.Write(user.CreatedAt));
        command.Parameters.AddWithValue("$updated_at", SqliteTimeColumn.Write(user.UpdatedAt));
        await InsertAsync(command, $"User '{user.Name}' already exists", cancellationToken);
    }

    private static UserAccount ReadUser(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetBoolean(3),
        reader.GetString(4),
        SqliteTimeColumn.Read(reader.GetString(5)),
        SqliteTimeColumn.Read(reader.GetString(6)));

    /// <summary>Runs an INSERT, turning a clash with an existing key into the conflict the port promises.</summary>
    private static async Task InsertAsync(SqliteCommand command, string conflict, CancellationToken cancellationToken)
    {
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteExtendedErrorCode is PrimaryKeyViolation or UniqueViolation)
        {
            throw new AccessConflictException(conflict);
        }
    }

    private static Task<T?> ReadSingleAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken)
        where T : class => DbRows.ReadSingleAsync(command, read, cancellationToken);

    private static Task<IReadOnlyList<T>> ReadAllAsync<T>(SqliteCommand command, Func<SqliteDataReader, T> read, CancellationToken cancellationToken) =>
        DbRows.ReadAllAsync(command, read, cancellationToken);

    private static object TimeOrNull(DateTimeOffset? value) => value is { } time ? SqliteTimeColumn.Write(time) : DBNull.Value;

    private static DateTimeOffset? ReadTimeOrNull(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : SqliteTimeColumn.Read(reader.GetString(ordinal));

    private Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => SqliteConnections.OpenAsync(_connectionString, cancellationToken);

    private static SqliteCommand Command(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }
}
