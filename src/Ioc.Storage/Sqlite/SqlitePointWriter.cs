using System.Collections.Concurrent;
using System.Text;
using Ioc.Core.Metrics;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// The one writing connection of a store, with its statements compiled once and reused for every value.
/// Not thread-safe: the store lets one batch in at a time.
/// </summary>
internal sealed class SqlitePointWriter : IDisposable
{
    private const string FindSeriesSql = "SELECT id FROM series WHERE series_key = $key AND field = $field";

    private const string InsertSeriesSql = """
        INSERT INTO series (series_key, measurement, tags, field) VALUES ($key, $measurement, $tags, $field)
        RETURNING id
        """;

    // A new point is tallied into its hour; a rewrite of an existing one is an update, after which its hour is counted again.
    private const string InsertPointSql = """
        INSERT INTO points (series_id, ts, value) VALUES ($series, $ts, $value)
        ON CONFLICT (series_id, ts) DO NOTHING
        """;

    private const string UpdatePointSql = "UPDATE points SET value = $value WHERE series_id = $series AND ts = $ts";

    // SQLite keeps text as UTF-8, into which a lone UTF-16 surrogate would silently turn into U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _findSeries;
    private readonly SqliteCommand _insertSeries;
    private readonly SqliteCommand _insertPoint;
    private readonly SqliteCommand _updatePoint;
    private readonly SqliteHourlyRollup _rollup;

    // Committed ids only: an id handed out inside a batch that then rolls back names a row that no longer exists,
    // so new ids wait in the batch's own map until the commit succeeds.
    private readonly ConcurrentDictionary<SeriesFieldKey, long> _seriesIds = new();

    /// <param name="connection">Open, with <see cref="SqliteSchema.Apply"/> done; owned by the writer from now on.</param>
    public SqlitePointWriter(SqliteConnection connection)
    {
        _connection = connection;
        _findSeries = Prepare(FindSeriesSql, ("$key", SqliteType.Text), ("$field", SqliteType.Text));
        _insertSeries = Prepare(
            InsertSeriesSql, ("$key", SqliteType.Text), ("$measurement", SqliteType.Text), ("$tags", SqliteType.Text), ("$field", SqliteType.Text));
        _insertPoint = Prepare(InsertPointSql, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer), ("$value", SqliteType.Real));
        _updatePoint = Prepare(UpdatePointSql, ("$series", SqliteType.Integer), ("$ts", SqliteType.Integer), ("$value", SqliteType.Real));
        _rollup = new SqliteHourlyRollup(connection);
    }

    /// <summary>Stores every field of every point in one transaction; on any exception nothing of the batch remains.</summary>
    /// <returns>The number of values written.</returns>
    public int Write(IReadOnlyList<MetricPoint> points, CancellationToken cancellationToken)
    {
        Dictionary<SeriesFieldKey, long>? created = null;
        var values = 0;
        using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            _findSeries.Transaction = transaction;
            _insertSeries.Transaction = transaction;
            _insertPoint.Transaction = transaction;
            _updatePoint.Transaction = transaction;
            _rollup.Clear();
            for (var i = 0; i < points.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var point = points[i];
                string? tagsJson = null;
                foreach (var field in point.Fields)
                {
                    var series = ResolveSeriesId(point, field.Name, ref created, ref tagsJson);
                    if (Store(_insertPoint, series, point.Timestamp, field.Value) == 1)
                    {
                        _rollup.Added(series, point.Timestamp, field.Value);
                    }
                    else
                    {
                        Store(_updatePoint, series, point.Timestamp, field.Value);
                        _rollup.Rewritten(series, point.Timestamp);
                    }

                    values++;
                }
            }

            _rollup.Flush(transaction);
            transaction.Commit();
        }

        if (created is not null)
        {
            foreach (var (key, id) in created)
            {
                _seriesIds[key] = id;
            }
        }

        return values;
    }

    public void Dispose()
    {
        _findSeries.Dispose();
        _insertSeries.Dispose();
        _insertPoint.Dispose();
        _updatePoint.Dispose();
        _rollup.Dispose();
        _connection.Dispose();
    }

    private static int Store(SqliteCommand command, long series, long ts, double value)
    {
        command.Parameters[0].Value = series;
        command.Parameters[1].Value = ts;
        command.Parameters[2].Value = value;
        return command.ExecuteNonQuery();
    }

    private long ResolveSeriesId(MetricPoint point, string field, ref Dictionary<SeriesFieldKey, long>? created, ref string? tagsJson)
    {
        var key = new SeriesFieldKey(point, field);
        if (_seriesIds.TryGetValue(key, out var id) || (created is not null && created.TryGetValue(key, out id)))
        {
            return id;
        }

        var seriesKey = point.Series.Text;
        RefuseIllFormedText(seriesKey, field);

        // Known to the file but not to this process yet: written before a restart, or by another process. Either
        // way it was committed before this batch began, so it can be cached at once.
        _findSeries.Parameters["$key"].Value = seriesKey;
        _findSeries.Parameters["$field"].Value = field;
        if (_findSeries.ExecuteScalar() is long existing)
        {
            _seriesIds[key] = existing;
            return existing;
        }

        tagsJson ??= SeriesTagsJson.Write(point.Tags);
        _insertSeries.Parameters["$key"].Value = seriesKey;
        _insertSeries.Parameters["$measurement"].Value = point.Measurement;
        _insertSeries.Parameters["$tags"].Value = tagsJson;
        _insertSeries.Parameters["$field"].Value = field;
        id = (long)_insertSeries.ExecuteScalar()!;
        (created ??= [])[key] = id;
        return id;
    }

    /// <summary>Names that would not come back exactly as written fail the batch instead of landing altered, or in another series.</summary>
    private static void RefuseIllFormedText(string seriesKey, string field)
    {
        try
        {
            StrictUtf8.GetByteCount(seriesKey);
            StrictUtf8.GetByteCount(field);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException($"series '{seriesKey}' field '{field}' holds a lone UTF-16 surrogate, which the store cannot keep exactly");
        }
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }
}
