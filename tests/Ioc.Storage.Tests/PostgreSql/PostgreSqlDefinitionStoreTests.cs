using Ioc.Core.Configuration;
using Ioc.Storage.PostgreSql;
using Ioc.Storage.Tests.Configuration;
using Ioc.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ioc.Storage.Tests.PostgreSql;

/// <summary>The definition store contract against a private PostgreSQL server, one database per test.</summary>
public sealed class PostgreSqlDefinitionStoreTests(PostgreSqlServer server) : DefinitionStoreContract, IClassFixture<PostgreSqlServer>
{
    private string? _connectionString;

    protected override async Task<IDefinitionStore> CreateAsync()
    {
        _connectionString ??= await server.CreateDatabaseAsync();
        return Open(_connectionString);
    }

    private PostgreSqlDefinitionStore Open(string connectionString) =>
        Track(new PostgreSqlDefinitionStore(Options.Create(new PostgreSqlOptions { ConnectionString = connectionString })));

    [Fact]
    public async Task Ping_AnswersFalse_WhenNoServerListens()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var nowhere = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Port = 1, Timeout = 2 }.ConnectionString;

        Assert.False(await Open(nowhere).PingAsync());
    }

    [Fact]
    public async Task Initialize_RefusesADatabaseThatIsNotUtf8_NamingTheEncoding()
    {
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE DATABASE latin_only ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0", connection);
            await command.ExecuteNonQueryAsync();
        }

        var store = Open(new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "latin_only" }.ConnectionString);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.InitializeAsync());
        Assert.Contains("LATIN1", error.Message, StringComparison.Ordinal);
        Assert.Contains("UTF8", error.Message, StringComparison.Ordinal);
    }
}
