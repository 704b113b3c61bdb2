using Ioc.Core.Access;
using Ioc.Core.Configuration;
using Ioc.Storage.Sqlite;
using Ioc.Storage.Tests.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Ioc.Storage.Tests.Sqlite;

/// <summary>The access store contract against a SQLite file in a folder of each test's own.</summary>
public sealed class SqliteAccessStoreTests : AccessStoreContract
{
    // The file as the release before the access tables wrote it; frozen here, whatever the schema becomes.
    private const string Version1 = """
        CREATE TABLE ioc_schema (version INTEGER NOT NULL);
        INSERT INTO ioc_schema (version) VALUES (1);
        CREATE TABLE ioc_definitions (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            content TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            PRIMARY KEY (kind, id)
        );
        INSERT INTO ioc_definitions VALUES ('collector', 'portal', 'id: portal
        ', 'collectors/portal.yaml', '2025-03-01T00:00:00.000000Z', 1);
        """;

    // The release before sign-in throttling: every account had a lock of its own. The user "lan" is the contract's
    // User("lan"), locked by 5 failures; frozen here, whatever the schema becomes.
    private const string Version2 = """
        CREATE TABLE ioc_users (
            name TEXT NOT NULL PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT,
            must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
            failed_sign_ins INTEGER NOT NULL CHECK (failed_sign_ins >= 0),
            locked_until TEXT,
            security_stamp TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE ioc_display_tokens (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            dashboard_id TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE ioc_api_keys (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            measurement_prefixes TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            revoked_at TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE ioc_audit_log (
            sequence INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX ioc_audit_log_at ON ioc_audit_log (at);
        CREATE TABLE ioc_key_ring (
            sequence INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            xml TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        INSERT INTO ioc_users VALUES ('lan', 'operator', 'AQAAAAIAAYagAAAAElan', 0, 5, '2025-03-01T01:15:00.000000Z', 'stamp-lan',
            '2025-03-01T01:00:00.000000Z', '2025-03-01T01:00:00.000000Z');
        UPDATE ioc_schema SET version = 2;
        """;

    // A folder that does not exist yet: InitializeAsync must create it.
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ioc-storage-tests", Guid.NewGuid().ToString("N"));

    private string _fileName = "ioc-config.db";
    private int _databases;

    private string DatabasePath => Path.Combine(_folder, "config", _fileName);

    private IOptions<SqliteDefinitionStoreOptions> Settings => Options.Create(new SqliteDefinitionStoreOptions { Path = DatabasePath });

    protected override Task<IAccessStore> CreateAsync() =>
        Task.FromResult<IAccessStore>(Track(new SqliteAccessStore(Settings)));

    protected override Task<IDefinitionStore> CreateDefinitionStoreAsync() =>
        Task.FromResult<IDefinitionStore>(Track(new SqliteDefinitionStore(Settings)));

    protected override Task UseNewDatabaseAsync()
    {
        _fileName = $"ioc-config-{++_databases}.db";
        return Task.CompletedTask;
    }

    protected override async Task CreateVersion1DatabaseAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(DatabasePath)!);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Version1;
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task CreateVersion2DatabaseAsync()
    {
        await CreateVersion1DatabaseAsync();
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Version2;
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public async Task Initialize_CreatesTheFolderAndTheFile_AtTheConfiguredPath()
    {
        var store = (SqliteAccessStore)await CreateAsync();

        await store.InitializeAsync();

        Assert.Equal(Path.GetFullPath(DatabasePath), store.Path);
        Assert.True(File.Exists(DatabasePath));
    }

    [Fact]
    public async Task Initialize_RecordsTheCurrentSchemaVersion_AfterMigratingVersion1()
    {
        await CreateVersion1DatabaseAsync();

        await (await CreateAsync()).InitializeAsync();

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(version) FROM ioc_schema";
        Assert.Equal(SqliteDefinitionSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await command.ExecuteScalarAsync());
    }
}
