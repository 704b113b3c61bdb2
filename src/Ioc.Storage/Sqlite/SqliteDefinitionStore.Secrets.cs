using Ioc.Core.Configuration;

namespace Ioc.Storage.Sqlite;

internal sealed partial class SqliteDefinitionStore : ISecretStore
{
    public async Task<IReadOnlyList<SecretEntry>> ListSecretsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "SELECT name, created_at, updated_at, updated_by FROM ioc_secrets ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new List<SecretEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            secrets.Add(new SecretEntry(reader.GetString(0), SqliteTimeColumn.Read(reader.GetString(1)), SqliteTimeColumn.Read(reader.GetString(2)), reader.GetString(3)));
        }

        return secrets;
    }

    public async Task<IReadOnlyList<ProtectedSecret>> ReadSecretsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "SELECT name, protected_value, created_at, updated_at, updated_by FROM ioc_secrets ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var secrets = new List<ProtectedSecret>();
        while (await reader.ReadAsync(cancellationToken))
        {
            secrets.Add(new ProtectedSecret(
                reader.GetString(0), reader.GetString(1), SqliteTimeColumn.Read(reader.GetString(2)), SqliteTimeColumn.Read(reader.GetString(3)), reader.GetString(4)));
        }

        return secrets;
    }

    public async Task<bool> PutSecretAsync(string name, string protectedValue, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrEmpty(protectedValue);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        // IMMEDIATE: the existence check and the write are one step, so two admins setting a new name both learn the truth.
        using var transaction = connection.BeginTransaction(deferred: false);
        await using var exists = Command(connection, transaction, "SELECT count(*) FROM ioc_secrets WHERE name = $name");
        exists.Parameters.AddWithValue("$name", name);
        var created = Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0;
        await using var upsert = Command(connection, transaction, """
            INSERT INTO ioc_secrets (name, protected_value, created_at, updated_at, updated_by) VALUES ($name, $value, $at, $at, $by)
            ON CONFLICT (name) DO UPDATE SET protected_value = excluded.protected_value, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            """);
        upsert.Parameters.AddWithValue("$name", name);
        upsert.Parameters.AddWithValue("$value", protectedValue);
        upsert.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(Now()));
        upsert.Parameters.AddWithValue("$by", actor);
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        transaction.Commit();
        return created;
    }

    public async Task<bool> DeleteSecretAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_secrets WHERE name = $name");
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
