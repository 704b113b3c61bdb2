using Ioc.Core.Access;
using Ioc.Core.Configuration;
using Ioc.Storage.PostgreSql;
using Ioc.Storage.Tests.Configuration;
using Ioc.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ioc.Storage.Tests.PostgreSql;

/// <summary>The access store contract against a private PostgreSQL server, one database per test.</summary>
public sealed class PostgreSqlAccessStoreTests(PostgreSqlServer server) : AccessStoreContract, IClassFixture<PostgreSqlServer>
{
    // The database as the release before the access tables left it; frozen here, whatever the schema becomes.
    private const string Version1 = """
        CREATE TABLE ioc_schema (version integer NOT NULL);
        INSERT INTO ioc_schema (version) VALUES (1);
        CREATE TABLE ioc_definitions (
            kind text NOT NULL,
            id text NOT NULL,
            content text NOT NULL,
            source text NOT NULL,
            updated_at timestamptz NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            PRIMARY KEY (kind, id)
        );
        INSERT INTO ioc_definitions VALUES ('collector', 'portal', E'id: portal\n', 'collectors/portal.yaml', '2025-03-01T00:00:00Z', 1);
        """;

    // The release before sign-in throttling: every account had a lock of its own. The user "lan" is the contract's
    // User("lan"), locked by 5 failures; frozen here, whatever the schema becomes.
    private const string Version2 = """
        CREATE TABLE ioc_users (
            name text NOT NULL PRIMARY KEY,
            role text NOT NULL,
            password_hash text,
            must_change_password boolean NOT NULL,
            failed_sign_ins integer NOT NULL CHECK (failed_sign_ins >= 0),
            locked_until timestamptz,
            security_stamp text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_display_tokens (
            id text NOT NULL PRIMARY KEY,
            name text NOT NULL,
            dashboard_id text NOT NULL,
            secret_hash text NOT NULL,
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_api_keys (
            id text NOT NULL PRIMARY KEY,
            name text NOT NULL,
            measurement_prefixes text[] NOT NULL,
            secret_hash text NOT NULL,
            revoked_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_audit_log (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text NOT NULL,
            detail text NOT NULL
        );
        CREATE INDEX ioc_audit_log_at ON ioc_audit_log (at);
        CREATE TABLE ioc_key_ring (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE,
            xml text NOT NULL,
            created_at timestamptz NOT NULL
        );
        INSERT INTO ioc_users VALUES ('lan', 'operator', 'AQAAAAIAAYagAAAAElan', false, 5, '2025-03-01T01:15:00Z', 'stamp-lan',
            '2025-03-01T01:00:00Z', '2025-03-01T01:00:00Z');
        UPDATE ioc_schema SET version = 2;
        """;

    private string? _connectionString;

    private async Task<IOptions<PostgreSqlOptions>> SettingsAsync()
    {
        _connectionString ??= await server.CreateDatabaseAsync();
        return Options.Create(new PostgreSqlOptions { ConnectionString = _connectionString });
    }

    protected override async Task<IAccessStore> CreateAsync() => Track(new PostgreSqlAccessStore(await SettingsAsync()));

    protected override async Task<IDefinitionStore> CreateDefinitionStoreAsync() => Track(new PostgreSqlDefinitionStore(await SettingsAsync()));

    protected override async Task UseNewDatabaseAsync() => _connectionString = await server.CreateDatabaseAsync();

    protected override async Task CreateVersion1DatabaseAsync()
    {
        await SettingsAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Version1, connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task CreateVersion2DatabaseAsync()
    {
        await CreateVersion1DatabaseAsync();
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Version2, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Initialize_RecordsTheCurrentSchemaVersion_AfterMigratingVersion1()
    {
        await CreateVersion1DatabaseAsync();

        await (await CreateAsync()).InitializeAsync();

        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(version::text, ',') FROM ioc_schema", connection);
        Assert.Equal(PostgreSqlDefinitionSchema.CurrentVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), await command.ExecuteScalarAsync());
    }
}
