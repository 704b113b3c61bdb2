using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Keeps <c>points_hourly</c> in step with <c>points</c> inside the writer's transaction. New points are tallied in
/// memory and merged into their hour's row with one statement per series and hour; an hour in which a point was
/// rewritten (same series and time) is counted again from its points, since a replaced value cannot be taken out
/// of a sum or a minimum. Not thread-safe, like the writer it belongs to.
/// </summary>
internal sealed class SqliteHourlyRollup : IDisposable
{
    /// <summary>An hour in nanoseconds: every bucket width from an hour up is a whole number of them (BucketPlan).</summary>
    public const long Hour = 3_600_000_000_000;

    private const string MergeSql = """
        INSERT INTO points_hourly (series_id, hour, n, total, low, high, last_ts, last_value)
        VALUES ($series, $hour, $n, $total, $low, $high, $lastTs, $lastValue)
        ON CONFLICT (series_id, hour) DO UPDATE SET
            n = n + excluded.n,
            total = total + excluded.total,
            low = min(low, excluded.low),
            high = max(high, excluded.high),
            last_value = CASE WHEN excluded.last_ts > last_ts THEN excluded.last_value ELSE last_value END,
            last_ts = max(last_ts, excluded.last_ts)
        """;

    private const string RecountSql = """
        INSERT OR REPLACE INTO points_hourly (series_id, hour, n, total, low, high, last_ts, last_value)
        SELECT $series, $hour, count(*), sum(value), min(value), max(value), max(ts),
            (SELECT value FROM points WHERE series_id = $series AND ts >= $hour AND ts < $end ORDER BY ts DESC LIMIT 1)
        FROM points WHERE series_id = $series AND ts >= $hour AND ts < $end
        """;

    private readonly SqliteCommand _merge;
    private readonly SqliteCommand _recount;
    private readonly Dictionary<(long Series, long Hour), Tally> _added = [];
    private readonly HashSet<(long Series, long Hour)> _rewritten = [];

    public SqliteHourlyRollup(SqliteConnection connection)
    {
        _merge = connection.CreateCommand();
        _merge.CommandText = MergeSql;
        foreach (var (name, type) in new[]
        {
            ("$series", SqliteType.Integer), ("$hour", SqliteType.Integer), ("$n", SqliteType.Integer), ("$total", SqliteType.Real),
            ("$low", SqliteType.Real), ("$high", SqliteType.Real), ("$lastTs", SqliteType.Integer), ("$lastValue", SqliteType.Real),
        })
        {
            _merge.Parameters.Add(name, type);
        }

        _recount = connection.CreateCommand();
        _recount.CommandText = RecountSql;
        _recount.Parameters.Add("$series", SqliteType.Integer);
        _recount.Parameters.Add("$hour", SqliteType.Integer);
        _recount.Parameters.Add("$end", SqliteType.Integer);
    }

    /// <summary>The start of the hour holding <paramref name="ts"/>, before the epoch too.</summary>
    public static long HourOf(long ts) => ts - (((ts % Hour) + Hour) % Hour);

    /// <summary>A point stored where there was none.</summary>
    public void Added(long series, long ts, double value)
    {
        var key = (series, HourOf(ts));
        if (_added.TryGetValue(key, out var tally))
        {
            tally.Add(ts, value);
        }
        else
        {
            _added[key] = new Tally(ts, value);
        }
    }

    /// <summary>A point that replaced another of the same series and time.</summary>
    public void Rewritten(long series, long ts) => _rewritten.Add((series, HourOf(ts)));

    /// <summary>Brings the touched hours up to date; call inside the batch's transaction, before it commits.</summary>
    public void Flush(SqliteTransaction transaction)
    {
        try
        {
            _merge.Transaction = transaction;
            _recount.Transaction = transaction;
            foreach (var ((series, hour), tally) in _added)
            {
                if (_rewritten.Contains((series, hour)))
                {
                    continue; // counted again from its points below
                }

                _merge.Parameters["$series"].Value = series;
                _merge.Parameters["$hour"].Value = hour;
                _merge.Parameters["$n"].Value = tally.Count;
                _merge.Parameters["$total"].Value = tally.Total;
                _merge.Parameters["$low"].Value = tally.Low;
                _merge.Parameters["$high"].Value = tally.High;
                _merge.Parameters["$lastTs"].Value = tally.LastTs;
                _merge.Parameters["$lastValue"].Value = tally.LastValue;
                _merge.ExecuteNonQuery();
            }

            foreach (var (series, hour) in _rewritten)
            {
                _recount.Parameters["$series"].Value = series;
                _recount.Parameters["$hour"].Value = hour;
                _recount.Parameters["$end"].Value = hour + Hour;
                _recount.ExecuteNonQuery();
            }
        }
        finally
        {
            Clear();
        }
    }

    /// <summary>Forgets the batch (it rolled back, or it was flushed).</summary>
    public void Clear()
    {
        _added.Clear();
        _rewritten.Clear();
    }

    public void Dispose()
    {
        _merge.Dispose();
        _recount.Dispose();
    }

    private sealed class Tally(long ts, double value)
    {
        public int Count { get; private set; } = 1;

        public double Total { get; private set; } = value;

        public double Low { get; private set; } = value;

        public double High { get; private set; } = value;

        public long LastTs { get; private set; } = ts;

        public double LastValue { get; private set; } = value;

        public void Add(long ts, double value)
        {
            Count++;
            Total += value;
            Low = Math.Min(Low, value);
            High = Math.Max(High, value);
            if (ts > LastTs)
            {
                LastTs = ts;
                LastValue = value;
            }
        }
    }
}
