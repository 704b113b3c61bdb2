using Ioc.Core.Configuration;

namespace Ioc.Storage.Sqlite;

internal sealed partial class SqliteDefinitionStore : ICollectorStateStore
{
    public async Task<IReadOnlyList<CollectorState>> ListStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "SELECT id, paused, updated_at, updated_by FROM ioc_collector_state ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<CollectorState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new CollectorState(reader.GetString(0), reader.GetInt64(1) == 1, SqliteTimeColumn.Read(reader.GetString(2)), reader.GetString(3)));
        }

        return states;
    }

    public async Task SetPausedAsync(string collectorId, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collectorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, """
            INSERT INTO ioc_collector_state (id, paused, updated_at, updated_by) VALUES ($id, $paused, $at, $by)
            ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE ioc_collector_state.paused IS NOT excluded.paused
            """);
        command.Parameters.AddWithValue("$id", collectorId);
        command.Parameters.AddWithValue("$paused", paused ? 1 : 0);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(Now()));
        command.Parameters.AddWithValue("$by", actor);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ForgetStateAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_collector_state WHERE id = $id");
        command.Parameters.AddWithValue("$id", collectorId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "SELECT revision FROM ioc_config_revision WHERE id = 1");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
