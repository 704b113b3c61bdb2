using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Ioc.Storage.PostgreSql;

/// <summary>Figures entered by administrators (<see cref="IManualEntryStore"/>).</summary>
internal sealed partial class PostgreSqlDefinitionStore : IManualEntryStore
{
    private const string EntryColumns = "collector_id, period, field, period_start, value, document, entered_by, entered_at";

    public async Task SaveEntriesAsync(IReadOnlyList<ManualEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        // One statement for all the entries: all of them or none.
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_manual_entries ({EntryColumns})
            SELECT * FROM unnest(@c, @period, @field, @start, @value, @document, @by, @at)
            ON CONFLICT (collector_id, period, field) DO UPDATE SET period_start = excluded.period_start, value = excluded.value,
                document = excluded.document, entered_by = excluded.entered_by, entered_at = excluded.entered_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]>("c", [.. entries.Select(e => e.CollectorId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("period", [.. entries.Select(e => e.Period)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("field", [.. entries.Select(e => e.Field)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("start", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. entries.Select(e => e.PeriodStart.UtcDateTime)] });
        command.Parameters.Add(new NpgsqlParameter<double[]>("value", [.. entries.Select(e => e.Value)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("document", [.. entries.Select(e => ManualEntryDocumentColumn.ToColumn(e.Document))]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("by", [.. entries.Select(e => e.EnteredBy)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { TypedValue = [.. entries.Select(e => e.EnteredAt.UtcDateTime)] });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ManualEntry>> ListEntriesAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var command = _dataSource.CreateCommand(
            $"SELECT {EntryColumns} FROM ioc_manual_entries WHERE collector_id = @c ORDER BY period_start DESC, field COLLATE \"C\"");
        command.Parameters.AddWithValue("c", collectorId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ManualEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ManualEntry(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(2),
                reader.GetDouble(4),
                ManualEntryDocumentColumn.FromColumn(reader.GetString(5)),
                reader.GetString(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return entries;
    }

    public async Task<int> ForgetEntriesAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_manual_entries WHERE collector_id = @c");
        command.Parameters.AddWithValue("c", collectorId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
