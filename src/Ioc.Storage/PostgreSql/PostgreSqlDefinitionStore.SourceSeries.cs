using Ioc.Core.Configuration;

namespace Ioc.Storage.PostgreSql;

internal sealed partial class PostgreSqlDefinitionStore : ISourceSeriesStore
{
    public async Task RecordAsync(IReadOnlyCollection<SourceSeries> seen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seen);
        if (seen.Count == 0)
        {
            return;
        }

        // One statement for the whole batch; a pair listed twice keeps its newest time.
        var newest = seen.GroupBy(s => (s.Source, s.Measurement)).Select(g => g.MaxBy(s => s.LastSeenAt)!).ToList();
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO ioc_source_series AS s (source, measurement, last_seen_at)
            SELECT * FROM unnest(@sources::text[], @measurements::text[], @times::timestamptz[])
            ON CONFLICT (source, measurement) DO UPDATE SET last_seen_at = excluded.last_seen_at
            WHERE excluded.last_seen_at > s.last_seen_at
            """);
        command.Parameters.AddWithValue("sources", newest.Select(s => s.Source).ToArray());
        command.Parameters.AddWithValue("measurements", newest.Select(s => s.Measurement).ToArray());
        command.Parameters.AddWithValue("times", newest.Select(s => s.LastSeenAt.ToUniversalTime()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
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

        await using var command = _dataSource.CreateCommand(
            $"SELECT source, measurement, last_seen_at FROM ioc_source_series WHERE {column} = ANY(@values) ORDER BY source COLLATE \"C\", measurement COLLATE \"C\"");
        command.Parameters.AddWithValue("values", values.Distinct(StringComparer.Ordinal).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SourceSeries(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return list;
    }
}
