using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Storage.PostgreSql;

/// <summary>Display tokens and API keys.</summary>
internal sealed partial class PostgreSqlAccessStore
{
    private const string DisplayTokenColumns = "id, name, dashboard_id, secret_hash, expires_at, revoked_at, created_by, created_at, playlist_id";
    // Version 9: what a key may do (write, or read /metrics); keys made before it write.
    internal const string ApiKeyScopesSchema = "ALTER TABLE ioc_api_keys ADD COLUMN scope text NOT NULL DEFAULT 'write' CHECK (scope IN ('write', 'metrics'));";

    private const string ApiKeyColumns = "id, name, measurement_prefixes, secret_hash, revoked_at, created_by, created_at, scope";

    public async Task CreateDisplayTokenAsync(DisplayToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_display_tokens ({DisplayTokenColumns})
            VALUES (@id, @name, @dashboard_id, @secret_hash, @expires_at, @revoked_at, @created_by, @created_at, @playlist_id)
            """);
        command.Parameters.AddWithValue("id", token.Id);
        command.Parameters.AddWithValue("name", token.Name);
        command.Parameters.AddWithValue("dashboard_id", token.DashboardId);
        command.Parameters.AddWithValue("secret_hash", token.SecretHash);
        command.Parameters.Add(Time("expires_at", token.ExpiresAt));
        command.Parameters.Add(Time("revoked_at", token.RevokedAt));
        command.Parameters.AddWithValue("created_by", token.CreatedBy);
        command.Parameters.Add(Time("created_at", token.CreatedAt));
        command.Parameters.Add(new NpgsqlParameter("playlist_id", NpgsqlDbType.Text) { Value = (object?)token.PlaylistId ?? DBNull.Value });
        await InsertAsync(command, $"Display token '{token.Id}' already exists", cancellationToken);
    }

    public async Task<DisplayToken?> FindDisplayTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"SELECT {DisplayTokenColumns} FROM ioc_display_tokens WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await ReadSingleAsync(command, ReadDisplayToken, cancellationToken);
    }

    public async Task<IReadOnlyList<DisplayToken>> ListDisplayTokensAsync(CancellationToken cancellationToken = default)
    {
        // The id breaks ties between tokens created in the same microsecond, by its bytes as in SQLite.
        await using var command = _dataSource.CreateCommand(
            $"SELECT {DisplayTokenColumns} FROM ioc_display_tokens ORDER BY created_at DESC, id COLLATE \"C\"");
        return await ReadAllAsync(command, ReadDisplayToken, cancellationToken);
    }

    public Task<bool> RevokeDisplayTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RevokeAsync("ioc_display_tokens", id, at, cancellationToken);

    public async Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(key.MeasurementPrefixes);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_api_keys ({ApiKeyColumns})
            VALUES (@id, @name, @measurement_prefixes, @secret_hash, @revoked_at, @created_by, @created_at, @scope)
            """);
        command.Parameters.AddWithValue("id", key.Id);
        command.Parameters.AddWithValue("name", key.Name);
        command.Parameters.Add(new NpgsqlParameter("measurement_prefixes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = key.MeasurementPrefixes.ToArray() });
        command.Parameters.AddWithValue("secret_hash", key.SecretHash);
        command.Parameters.Add(Time("revoked_at", key.RevokedAt));
        command.Parameters.AddWithValue("created_by", key.CreatedBy);
        command.Parameters.Add(Time("created_at", key.CreatedAt));
        command.Parameters.AddWithValue("scope", ApiKeyScopeColumn.Write(key.Scope));
        await InsertAsync(command, $"API key '{key.Id}' already exists", cancellationToken);
    }

    public async Task<ApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"SELECT {ApiKeyColumns} FROM ioc_api_keys WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await ReadSingleAsync(command, ReadApiKey, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {ApiKeyColumns} FROM ioc_api_keys ORDER BY created_at DESC, id COLLATE \"C\"");
        return await ReadAllAsync(command, ReadApiKey, cancellationToken);
    }

    public Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RevokeAsync("ioc_api_keys", id, at, cancellationToken);

    /// <summary>Sets the revocation time only where none is set, so the first revocation is the one kept.</summary>
    private async Task<bool> RevokeAsync(string table, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var command = _dataSource.CreateCommand($"UPDATE {table} SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(Time("at", at));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static DisplayToken ReadDisplayToken(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetFieldValue<DateTimeOffset>(4),
        ReadTimeOrNull(reader, 5),
        reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static ApiKey ReadApiKey(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetFieldValue<string[]>(2),
        reader.GetString(3),
        ReadTimeOrNull(reader, 4),
        reader.GetString(5),
        reader.GetFieldValue<DateTimeOffset>(6),
        ApiKeyScopeColumn.Read(reader.GetString(0), reader.GetString(7)));
}
