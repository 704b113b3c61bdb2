using Ioc.Core.Configuration;

namespace Ioc.Storage.PostgreSql;

internal sealed partial class PostgreSqlDefinitionStore : ISecretStore
{
    public async Task<IReadOnlyList<SecretEntry>> ListSecretsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT name, created_at, updated_at, updated_by FROM ioc_secrets ORDER BY name COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new List<SecretEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            secrets.Add(new SecretEntry(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return secrets;
    }

    public async Task<IReadOnlyList<ProtectedSecret>> ReadSecretsAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT name, protected_value, created_at, updated_at, updated_by FROM ioc_secrets ORDER BY name COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new List<ProtectedSecret>();
        while (await reader.ReadAsync(cancellationToken))
        {
            secrets.Add(new ProtectedSecret(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return secrets;
    }

    public async Task<bool> PutSecretAsync(string name, string protectedValue, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrEmpty(protectedValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        // xmax is 0 only on a row this statement inserted, which tells a new secret from a replaced one in one step.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO ioc_secrets AS s (name, protected_value, created_at, updated_at, updated_by) VALUES (@name, @value, now(), now(), @by)
            ON CONFLICT (name) DO UPDATE SET protected_value = excluded.protected_value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            RETURNING (xmax = 0)
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("value", protectedValue);
        command.Parameters.AddWithValue("by", actor);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_secrets WHERE name = @name");
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
