using Ioc.Core.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

internal sealed partial class SqliteDefinitionStore : ISourceSeriesStore
{
    public async Task RecordAsync(IReadOnlyCollection<SourceSeries> seen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.Count == 0)
        {
            return;
        }

        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = Command(connection, transaction, """
            INSERT INTO ioc_source_series (source, measurement, last_seen_at) VALUES ($source, $measurement, $at)
            ON CONFLICT (source, measurement) DO UPDATE SET last_seen_at = excluded.last_seen_at
            WHERE excluded.last_seen_at > ioc_source_series.last_seen_at
            """);
        var source = command.Parameters.Add("$source", SqliteType.Text);
        var measurement = command.Parameters.Add("$measurement", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Text);
        foreach (var pair in seen)
        {
            source.Value = pair.Source;
            measurement.Value = pair.Measurement;
            at.Value = SqliteTimeColumn.Write(pair.LastSeenAt);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        transaction.Commit();
    }

    public Task<IReadOnlyList<SourceSeries>> ListByMeasurementsAsync(IReadOnlyCollection<string> measurements, CancellationToken cancellationToken = default) =>
        ListSeriesAsync("measurement", measurements, cancellationToken);

    public Task<IReadOnlyList<SourceSeries>> ListBySourcesAsync(IReadOnlyCollection<string> sources, CancellationToken cancellationToken = default) =>
        ListSeriesAsync("source", sources, cancellationToken);

    private async Task<IReadOnlyList<SourceSeries>> ListSeriesAsync(string column, IReadOnlyCollection<string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var list = new List<SourceSeries>();
        if (values.Count == 0)
        {
            return list;
        }

        await using var connection = await OpenAsync(_connectionString, cancellationToken);

        // One parameter per value: a dashboard names a handful of measurements, far below SQLite's limit.
        var names = values.Distinct(StringComparer.Ordinal).Select((_, i) => "$v" + i).ToList();
        await using var command = Command(connection, null,
            $"SELECT source, measurement, last_seen_at FROM ioc_source_series WHERE {column} IN ({string.Join(", ", names)}) ORDER BY source, measurement");
        foreach (var (value, i) in values.Distinct(StringComparer.Ordinal).Select((v, i) => (v, i)))
        {
            command.Parameters.AddWithValue(names[i], value);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SourceSeries(reader.GetString(0), reader.GetString(1), SqliteTimeColumn.Read(reader.GetString(2))));
        }

        return list;
    }
}
