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
