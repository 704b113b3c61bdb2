using Ioc.Core.Configuration;

namespace Ioc.Storage.PostgreSql;

internal sealed partial class PostgreSqlDefinitionStore : ICollectorStateStore
{
    public async Task<IReadOnlyList<CollectorState>> ListStatesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT id, paused, updated_at, updated_by FROM ioc_collector_state ORDER BY id COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var states = new List<CollectorState>();
        while (await reader.ReadAsync(cancellationToken))
        {
            states.Add(new CollectorState(reader.GetString(0), reader.GetBoolean(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(3)));
        }

        return states;
    }

    public async Task SetPausedAsync(string collectorId, bool paused, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(collectorId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO ioc_collector_state AS s (id, paused, updated_at, updated_by) VALUES (@id, @paused, now(), @by)
            ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, updated_at = excluded.updated_at, updated_by = excluded.updated_by
            WHERE s.paused IS DISTINCT FROM excluded.paused
            """);
        command.Parameters.AddWithValue("id", collectorId);
        command.Parameters.AddWithValue("paused", paused);
        command.Parameters.AddWithValue("by", actor);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> ForgetStateAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_collector_state WHERE id = @id");
        command.Parameters.AddWithValue("id", collectorId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<long> GetRevisionAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT revision FROM ioc_config_revision WHERE id = 1");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
