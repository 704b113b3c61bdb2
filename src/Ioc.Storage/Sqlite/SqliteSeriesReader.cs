using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Read queries of the store, each inside one read transaction so every series of an answer comes from the same
/// snapshot. Tags are matched in memory after SQL has narrowed the series to one measurement and field: a
/// measurement has tens to hundreds of series, and this keeps tag matching exactly <see cref="SeriesSelector.Matches"/>.
/// </summary>
internal static class SqliteSeriesReader
{
    private const string FindSeriesSql = """
        SELECT id, tags FROM series
        WHERE measurement = $measurement AND field = $field
        ORDER BY series_key
        """;

    // Buckets start at multiples of the width from the epoch (BucketPlan); ts >= $first, so the division never
    // meets a negative number.
    private const string RangeSelect = "SELECT $first + (ts - $first) / $width * $width AS bucket, ";

    private const string RangeFrom = """

        FROM points
        WHERE series_id = $series AND ts >= $from AND ts < $to
        GROUP BY bucket
        ORDER BY bucket
        """;

    // Buckets of whole hours are summed from points_hourly, with the points of the partial hours at either end of the
    // range: a month of one-minute points is then about 720 rows a series instead of 43,200.
    private const string HourlyParts = """
        WITH parts (ts, n, total, low, high, last_ts, last_value) AS (
            SELECT hour, n, total, low, high, last_ts, last_value FROM points_hourly
            WHERE series_id = $series AND hour >= $fullFrom AND hour < $fullTo
            UNION ALL
            SELECT ts, 1, value, value, value, ts, value FROM points WHERE series_id = $series AND ts >= $from AND ts < $fullFrom
            UNION ALL
            SELECT ts, 1, value, value, value, ts, value FROM points WHERE series_id = $series AND ts >= $fullTo AND ts < $to
        )

        """;

    private const string HourlyFrom = """

        FROM parts
        GROUP BY bucket
        ORDER BY bucket
        """;

    // The primary key answers max(ts) per series with one seek.
    private const string LastSql = """
        SELECT s.tags, p.ts, p.value
        FROM series AS s
        JOIN points AS p ON p.series_id = s.id AND p.ts = (SELECT max(ts) FROM points WHERE series_id = s.id)
        WHERE s.measurement = $measurement AND s.field = $field
        ORDER BY s.series_key
        """;

    /// <summary>Series with no point in the range are left out, as InfluxDB leaves them out.</summary>
    public static IReadOnlyList<SeriesRange> ReadRange(SqliteConnection connection, RangeQuery query, BucketPlan plan, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        var series = FindSeries(connection, transaction, query.Selector);
        if (series.Count == 0)
        {
            return [];
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Whole hours inside the range; none when the buckets are narrower than an hour or the range is short.
        var fullFrom = SqliteHourlyRollup.HourOf(query.From + SqliteHourlyRollup.Hour - 1);
        var fullTo = SqliteHourlyRollup.HourOf(query.To);
        var hourly = plan.Width % SqliteHourlyRollup.Hour == 0 && fullFrom < fullTo;
        command.CommandText = hourly ? HourlySql(query.Aggregation) : RangeSql(query.Aggregation);
        var seriesId = command.Parameters.Add("$series", SqliteType.Integer);
        command.Parameters.AddWithValue("$from", query.From);
        command.Parameters.AddWithValue("$to", query.To);
        if (hourly)
        {
            command.Parameters.AddWithValue("$fullFrom", fullFrom);
            command.Parameters.AddWithValue("$fullTo", fullTo);
        }

        command.Parameters.AddWithValue("$first", plan.FirstStart);
        command.Parameters.AddWithValue("$width", plan.Width);
        command.Prepare();

        var result = new List<SeriesRange>(series.Count);
        foreach (var (id, key) in series)
        {
            cancellationToken.ThrowIfCancellationRequested();
            seriesId.Value = id;
            var values = new List<BucketValue>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    values.Add(new BucketValue(reader.GetInt64(0), reader.GetDouble(1)));
                }
            }

            if (values.Count > 0)
            {
                result.Add(new SeriesRange(key, query.Selector.Field, plan.Width, values));
            }
        }

        return result;
    }

    public static IReadOnlyList<LastValue> ReadLast(SqliteConnection connection, SeriesSelector selector, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = LastSql;
        command.Parameters.AddWithValue("$measurement", selector.Measurement);
        command.Parameters.AddWithValue("$field", selector.Field);
        var result = new List<LastValue>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = new SeriesKey(selector.Measurement, SeriesTagsJson.Read(reader.GetString(0)));
            if (selector.Matches(key))
            {
                result.Add(new LastValue(key, selector.Field, reader.GetInt64(1), reader.GetDouble(2)));
            }
        }

        return result;
    }

    public static IReadOnlyList<SeriesKey> ListSeries(SqliteConnection connection, string measurement, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT tags FROM series WHERE measurement = $measurement LIMIT $limit";
        command.Parameters.AddWithValue("$measurement", measurement);
        command.Parameters.AddWithValue("$limit", limit);
        var keys = new List<SeriesKey>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(new SeriesKey(measurement, SeriesTagsJson.Read(reader.GetString(0))));
        }

        return keys;
    }

    private static List<(long Id, SeriesKey Key)> FindSeries(SqliteConnection connection, SqliteTransaction transaction, SeriesSelector selector)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = FindSeriesSql;
        command.Parameters.AddWithValue("$measurement", selector.Measurement);
        command.Parameters.AddWithValue("$field", selector.Field);
        var series = new List<(long, SeriesKey)>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = new SeriesKey(selector.Measurement, SeriesTagsJson.Read(reader.GetString(1)));
            if (selector.Matches(key))
            {
                series.Add((reader.GetInt64(0), key));
            }
        }

        return series;
    }

    private static string HourlySql(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Mean => HourlyParts + RangeSelect + "sum(total) / sum(n)" + HourlyFrom,
        Aggregation.Min => HourlyParts + RangeSelect + "min(low)" + HourlyFrom,
        Aggregation.Max => HourlyParts + RangeSelect + "max(high)" + HourlyFrom,
        Aggregation.Sum => HourlyParts + RangeSelect + "sum(total)" + HourlyFrom,

        // As in RangeSql: the bare column comes from the row holding the bucket's newest time.
        Aggregation.Last => HourlyParts + RangeSelect + "last_value, max(last_ts)" + HourlyFrom,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown aggregation"),
    };

    private static string RangeSql(Aggregation aggregation) => aggregation switch
    {
        Aggregation.Mean => RangeSelect + "avg(value)" + RangeFrom,
        Aggregation.Min => RangeSelect + "min(value)" + RangeFrom,
        Aggregation.Max => RangeSelect + "max(value)" + RangeFrom,
        Aggregation.Sum => RangeSelect + "sum(value)" + RangeFrom,

        // With a single max() in a grouped query SQLite takes bare columns from the row holding that maximum,
        // so value is the newest of the bucket (timestamps are unique per series).
        Aggregation.Last => RangeSelect + "value, max(ts)" + RangeFrom,
        _ => throw new ArgumentOutOfRangeException(nameof(aggregation), aggregation, "unknown aggregation"),
    };
}
