using Ioc.Core.Configuration;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>Figures entered by administrators (<see cref="IManualEntryStore"/>).</summary>
internal sealed partial class SqliteDefinitionStore : IManualEntryStore
{
    private const string EntryColumns = "collector_id, period, field, period_start, value, document, entered_by, entered_at";

    private static readonly string[] EntryParameters = ["$c", "$period", "$field", "$start", "$value", "$document", "$by", "$at"];

    public async Task SaveEntriesAsync(IReadOnlyList<ManualEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        await using var upsert = Command(connection, transaction, $"""
            INSERT INTO ioc_manual_entries ({EntryColumns}) VALUES ({string.Join(", ", EntryParameters)})
            ON CONFLICT (collector_id, period, field) DO UPDATE SET period_start = excluded.period_start, value = excluded.value,
                document = excluded.document, entered_by = excluded.entered_by, entered_at = excluded.entered_at
            """);
        var parameters = EntryParameters.Select(n => upsert.Parameters.AddWithValue(n, DBNull.Value)).ToArray();
        foreach (var entry in entries)
        {
            parameters[0].Value = entry.CollectorId;
            parameters[1].Value = entry.Period;
            parameters[2].Value = entry.Field;
            parameters[3].Value = SqliteTimeColumn.Write(entry.PeriodStart);
            parameters[4].Value = entry.Value;
            parameters[5].Value = ManualEntryDocumentColumn.ToColumn(entry.Document);
            parameters[6].Value = entry.EnteredBy;
            parameters[7].Value = SqliteTimeColumn.Write(entry.EnteredAt);
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }

    public async Task<IReadOnlyList<ManualEntry>> ListEntriesAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, $"SELECT {EntryColumns} FROM ioc_manual_entries WHERE collector_id = $c ORDER BY period_start DESC, field");
        command.Parameters.AddWithValue("$c", collectorId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<ManualEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new ManualEntry(
                reader.GetString(0),
                reader.GetString(1),
                SqliteTimeColumn.Read(reader.GetString(3)),
                reader.GetString(2),
                reader.GetDouble(4),
                ManualEntryDocumentColumn.FromColumn(reader.GetString(5)),
                reader.GetString(6),
                SqliteTimeColumn.Read(reader.GetString(7))));
        }

        return entries;
    }

    public async Task<int> ForgetEntriesAsync(string collectorId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(collectorId);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_manual_entries WHERE collector_id = $c");
        command.Parameters.AddWithValue("$c", collectorId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
