using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Storage.PostgreSql;

/// <summary>The history of collector runs (<see cref="ICollectorRunStore"/>), shared by every node on the database.</summary>
internal sealed partial class PostgreSqlDefinitionStore
{
    internal const string RunsSchema = """
        CREATE TABLE ioc_collector_runs (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            collector_id text NOT NULL,
            slot timestamptz NOT NULL,
            started_at timestamptz NOT NULL,
            duration_ms double precision NOT NULL,
            outcome text NOT NULL,
            points integer NOT NULL,
            error text,
            replay boolean NOT NULL,
            node text NOT NULL
        );
        CREATE INDEX ioc_collector_runs_by_collector ON ioc_collector_runs (collector_id, started_at);
        """;

    private const string RunColumns = "collector_id, slot, started_at, duration_ms, outcome, points, error, replay, node";

    public async Task AppendRunsAsync(IReadOnlyList<CollectorRunRecord> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return;
        }

        // One statement for the whole batch: all of it or none.
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_collector_runs ({RunColumns})
            SELECT * FROM unnest(@c, @slot, @started, @ms, @outcome, @points, @error, @replay, @node)
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("c", [.. runs.Select(r => r.CollectorId)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("slot", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. runs.Select(r => r.Slot.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("started", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. runs.Select(r => r.StartedAt.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<double[]>("ms", [.. runs.Select(r => r.Duration.TotalMilliseconds)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("outcome", [.. runs.Select(r => RunOutcomeColumn.ToColumn(r.Outcome))]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("points", [.. runs.Select(r => r.Points)]));
        command.Parameters.Add(new NpgsqlParameter<string?[]>("error", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. runs.Select(r => r.Error)] });
        command.Parameters.Add(new NpgsqlParameter<bool[]>("replay", [.. runs.Select(r => r.Replay)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("node", [.. runs.Select(r => r.Node)]));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<DateTimeOffset?> LastSucceededSlotAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var command = _dataSource.CreateCommand("SELECT max(slot) FROM ioc_collector_runs WHERE collector_id = @c AND outcome = 'succeeded'");
        command.Parameters.AddWithValue("c", collectorId);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime slot ? new DateTimeOffset(DateTime.SpecifyKind(slot, DateTimeKind.Utc)) : null;
    }

    public async Task<IReadOnlyList<CollectorRunRecord>> ListRunsAsync(string collectorId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var command = _dataSource.CreateCommand($"SELECT {RunColumns} FROM ioc_collector_runs WHERE collector_id = @c ORDER BY started_at DESC, slot DESC, sequence DESC LIMIT @limit");
        command.Parameters.AddWithValue("c", collectorId);
        command.Parameters.AddWithValue("limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<CollectorRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new CollectorRunRecord(
                reader.GetString(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                TimeSpan.FromMilliseconds(reader.GetDouble(3)),
                RunOutcomeColumn.FromColumn(reader.GetString(4)),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetBoolean(7),
                reader.GetString(8)));
        }

        return runs;
    }

    public async Task<int> PruneRunsAsync(int keepPerCollector, DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerCollector, 1);
        await using var command = _dataSource.CreateCommand("""
            DELETE FROM ioc_collector_runs
            WHERE started_at < @older
               OR sequence IN (
                   SELECT sequence FROM (
                       SELECT sequence, row_number() OVER (PARTITION BY collector_id ORDER BY started_at DESC, sequence DESC) AS n
                       FROM ioc_collector_runs) ranked
                   WHERE n > @keep)
            """);
        command.Parameters.AddWithValue("older", olderThan.UtcDateTime);
        command.Parameters.AddWithValue("keep", keepPerCollector);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
