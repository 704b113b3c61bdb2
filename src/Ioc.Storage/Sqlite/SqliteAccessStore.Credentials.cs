using System.Text.Encodings.Web;
using System.Text.Json;
using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>Display tokens and API keys.</summary>
internal sealed partial class SqliteAccessStore
{
    private const string DisplayTokenColumns = "id, name, dashboard_id, secret_hash, expires_at, revoked_at, created_by, created_at, playlist_id";
    // Version 9: what a key may do (write, or read /metrics); keys made before it write.
    internal const string ApiKeyScopesSchema = "ALTER TABLE ioc_api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('write', 'metrics'));";

    private const string ApiKeyColumns = "id, name, measurement_prefixes, secret_hash, revoked_at, created_by, created_at, scope";

    // The prefixes are a JSON array of strings. It never reaches HTML, so letters outside ASCII are kept as they
    // are instead of \uXXXX, and the column stays readable in any SQLite tool.
    private static readonly JsonSerializerOptions PrefixJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task CreateDisplayTokenAsync(DisplayToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            INSERT INTO ioc_display_tokens ({DisplayTokenColumns})
            VALUES ($id, $name, $dashboard_id, $secret_hash, $expires_at, $revoked_at, $created_by, $created_at, $playlist_id)
            """);
        command.Parameters.AddWithValue("$id", token.Id);
        command.Parameters.AddWithValue("$name", token.Name);
        command.Parameters.AddWithValue("$dashboard_id", token.DashboardId);
        command.Parameters.AddWithValue("$secret_hash", token.SecretHash);
        command.Parameters.AddWithValue("$expires_at", SqliteTimeColumn.Write(token.ExpiresAt));
        command.Parameters.AddWithValue("$revoked_at", TimeOrNull(token.RevokedAt));
        command.Parameters.AddWithValue("$created_by", token.CreatedBy);
        command.Parameters.AddWithValue("$created_at", SqliteTimeColumn.Write(token.CreatedAt));
        command.Parameters.AddWithValue("$playlist_id", (object?)token.PlaylistId ?? DBNull.Value);
        await InsertAsync(command, $"Display token '{token.Id}' already exists", cancellationToken);
    }

    public async Task<DisplayToken?> FindDisplayTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {DisplayTokenColumns} FROM ioc_display_tokens WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await ReadSingleAsync(command, ReadDisplayToken, cancellationToken);
    }

    public async Task<IReadOnlyList<DisplayToken>> ListDisplayTokensAsync(CancellationToken cancellationToken = default)
    {
        // The id breaks ties between tokens created in the same microsecond, so the order never changes between calls.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {DisplayTokenColumns} FROM ioc_display_tokens ORDER BY created_at DESC, id");
        return await ReadAllAsync(command, ReadDisplayToken, cancellationToken);
    }

    public Task<bool> RevokeDisplayTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RevokeAsync("ioc_display_tokens", id, at, cancellationToken);

    public async Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(key.MeasurementPrefixes);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            INSERT INTO ioc_api_keys ({ApiKeyColumns})
            VALUES ($id, $name, $measurement_prefixes, $secret_hash, $revoked_at, $created_by, $created_at, $scope)
            """);
        command.Parameters.AddWithValue("$id", key.Id);
        command.Parameters.AddWithValue("$name", key.Name);
        command.Parameters.AddWithValue("$measurement_prefixes", JsonSerializer.Serialize(key.MeasurementPrefixes, PrefixJson));
        command.Parameters.AddWithValue("$secret_hash", key.SecretHash);
        command.Parameters.AddWithValue("$revoked_at", TimeOrNull(key.RevokedAt));
        command.Parameters.AddWithValue("$created_by", key.CreatedBy);
        command.Parameters.AddWithValue("$created_at", SqliteTimeColumn.Write(key.CreatedAt));
        command.Parameters.AddWithValue("$scope", ApiKeyScopeColumn.Write(key.Scope));
        await InsertAsync(command, $"API key '{key.Id}' already exists", cancellationToken);
    }

    public async Task<ApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {ApiKeyColumns} FROM ioc_api_keys WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await ReadSingleAsync(command, ReadApiKey, cancellationToken);
    }

    public async Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {ApiKeyColumns} FROM ioc_api_keys ORDER BY created_at DESC, id");
        return await ReadAllAsync(command, ReadApiKey, cancellationToken);
    }

    public Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RevokeAsync("ioc_api_keys", id, at, cancellationToken);

    /// <summary>Sets the revocation time only where none is set, so the first revocation is the one kept.</summary>
    private async Task<bool> RevokeAsync(string table, string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"UPDATE {table} SET revoked_at = $at WHERE id = $id AND revoked_at IS NULL");
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(at));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static DisplayToken ReadDisplayToken(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        SqliteTimeColumn.Read(reader.GetString(4)),
        ReadTimeOrNull(reader, 5),
        reader.GetString(6),
        SqliteTimeColumn.Read(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static ApiKey ReadApiKey(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        ReadPrefixes(reader.GetString(0), reader.GetString(2)),
        reader.GetString(3),
        ReadTimeOrNull(reader, 4),
        reader.GetString(5),
        SqliteTimeColumn.Read(reader.GetString(6)),
        ApiKeyScopeColumn.Read(reader.GetString(0), reader.GetString(7)));

    private static string[] ReadPrefixes(string id, string json)
    {
        var prefixes = JsonSerializer.Deserialize<string?[]>(json, PrefixJson);
        if (prefixes is null || prefixes.Any(p => p is null))
        {
            throw new InvalidDataException($"API key '{id}' has stored measurement prefixes {json}, which are not a JSON array of strings");
        }

        return prefixes!;
    }
}
