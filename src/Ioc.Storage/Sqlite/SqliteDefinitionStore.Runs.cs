using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>The history of collector runs (<see cref="ICollectorRunStore"/>).</summary>
internal sealed partial class SqliteDefinitionStore
{
    internal const string RunsSchema = """
        CREATE TABLE ioc_collector_runs (
            sequence INTEGER PRIMARY KEY,
            collector_id TEXT NOT NULL,
            slot TEXT NOT NULL,
            started_at TEXT NOT NULL,
            duration_ms REAL NOT NULL,
            outcome TEXT NOT NULL,
            points INTEGER NOT NULL,
            error TEXT,
            replay INTEGER NOT NULL CHECK (replay IN (0, 1)),
            node TEXT NOT NULL
        );
        CREATE INDEX ioc_collector_runs_by_collector ON ioc_collector_runs (collector_id, started_at);
        """;

    private const string RunColumns = "collector_id, slot, started_at, duration_ms, outcome, points, error, replay, node";

    private static readonly string[] RunParameters = ["$c", "$slot", "$started", "$ms", "$outcome", "$points", "$error", "$replay", "$node"];

    public async Task AppendRunsAsync(IReadOnlyList<CollectorRunRecord> runs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (runs.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        await using var insert = Command(connection, transaction, $"INSERT INTO ioc_collector_runs ({RunColumns}) VALUES ({string.Join(", ", RunParameters)})");
        var parameters = RunParameters.Select(n => insert.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        foreach (var run in runs)
        {
            parameters[0].Value = run.CollectorId;
            parameters[1].Value = SqliteTimeColumn.Write(run.Slot);
            parameters[2].Value = SqliteTimeColumn.Write(run.StartedAt);
            parameters[3].Value = run.Duration.TotalMilliseconds;
            parameters[4].Value = RunOutcomeColumn.ToColumn(run.Outcome);
            parameters[5].Value = run.Points;
            parameters[6].Value = (object?)run.Error ?? DBNull.Value;
            parameters[7].Value = run.Replay ? 1 : 0;
            parameters[8].Value = run.Node;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }

    public async Task<DateTimeOffset?> LastSucceededSlotAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);

        // Slots are written in one fixed-width UTC format, so the greatest text is the newest time.
        await using var command = Command(connection, null, "SELECT max(slot) FROM ioc_collector_runs WHERE collector_id = $c AND outcome = 'succeeded'");
        command.Parameters.AddWithValue("$c", collectorId);
        return await command.ExecuteScalarAsync(cancellationToken) is string slot ? SqliteTimeColumn.Read(slot) : null;
    }

    public async Task<IReadOnlyList<CollectorRunRecord>> ListRunsAsync(string collectorId, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"SELECT {RunColumns} FROM ioc_collector_runs WHERE collector_id = $c ORDER BY started_at DESC, slot DESC, sequence DESC LIMIT $limit");
        command.Parameters.AddWithValue("$c", collectorId);
        command.Parameters.AddWithValue("$limit", limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<CollectorRunRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new CollectorRunRecord(
                reader.GetString(0),
                SqliteTimeColumn.Read(reader.GetString(1)),
                SqliteTimeColumn.Read(reader.GetString(2)),
                TimeSpan.FromMilliseconds(reader.GetDouble(3)),
                RunOutcomeColumn.FromColumn(reader.GetString(4)),
                reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7) == 1,
                reader.GetString(8)));
        }

        return runs;
    }

    public async Task<int> PruneRunsAsync(int keepPerCollector, DateTimeOffset olderThan, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepPerCollector, 1);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, """
            DELETE FROM ioc_collector_runs
            WHERE started_at < $older
               OR sequence IN (
                   SELECT sequence FROM (
                       SELECT sequence, row_number() OVER (PARTITION BY collector_id ORDER BY started_at DESC, sequence DESC) AS n
                       FROM ioc_collector_runs)
                   WHERE n > $keep)
            """);
        command.Parameters.AddWithValue("$older", SqliteTimeColumn.Write(olderThan));
        command.Parameters.AddWithValue("$keep", keepPerCollector);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
