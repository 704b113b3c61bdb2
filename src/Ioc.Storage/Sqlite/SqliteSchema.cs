using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Tables of the embedded store. The version lives in <c>PRAGMA user_version</c>; a newer file than this build
/// knows is refused rather than guessed at, and each later version adds one step to <see cref="Apply"/>.
/// </summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 2;

    // points.value refuses what is not finite: the validator keeps such values out, and should one slip past it
    // the whole batch fails instead of storing a number no chart or InfluxDB can carry.
    private const string Version1 = """
        CREATE TABLE IF NOT EXISTS series (
            id INTEGER PRIMARY KEY,
            series_key TEXT NOT NULL,
            measurement TEXT NOT NULL,
            tags TEXT NOT NULL,
            field TEXT NOT NULL,
            UNIQUE (series_key, field)
        );
        CREATE INDEX IF NOT EXISTS series_by_measurement ON series (measurement, field);
        CREATE TABLE IF NOT EXISTS points (
            series_id INTEGER NOT NULL,
            ts INTEGER NOT NULL,
            value REAL NOT NULL CHECK (value BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308),
            PRIMARY KEY (series_id, ts)
        ) WITHOUT ROWID;
        """;

    // One row per series and hour (count, sum, min, max, newest value), kept by the writer in the same transaction as
    // the points, so a month of one-minute points is read as 720 rows instead of 43,200. Filled from the points on
    // the way up from version 1 (3600000000000 is an hour in nanoseconds; the modulo twice floors negative times too).
    private const string Version2 = """
        CREATE TABLE IF NOT EXISTS points_hourly (
            series_id INTEGER NOT NULL,
            hour INTEGER NOT NULL,
            n INTEGER NOT NULL,
            total REAL NOT NULL,
            low REAL NOT NULL,
            high REAL NOT NULL,
            last_ts INTEGER NOT NULL,
            last_value REAL NOT NULL,
            PRIMARY KEY (series_id, hour)
        ) WITHOUT ROWID;
        INSERT OR REPLACE INTO points_hourly (series_id, hour, n, total, low, high, last_ts, last_value)
        SELECT g.series_id, g.hour, g.n, g.total, g.low, g.high, g.last_ts, p.value
        FROM (
            SELECT series_id, ts - (((ts % 3600000000000) + 3600000000000) % 3600000000000) AS hour,
                count(*) AS n, sum(value) AS total, min(value) AS low, max(value) AS high, max(ts) AS last_ts
            FROM points GROUP BY series_id, hour
        ) AS g
        JOIN points AS p ON p.series_id = g.series_id AND p.ts = g.last_ts;
        """;

    /// <summary>Sets the connection up for writing and brings the file to <see cref="CurrentVersion"/>.</summary>
    /// <returns>The journal mode in force, "wal" for a file on a local disk.</returns>
    public static string Apply(SqliteConnection connection, TimeSpan busyTimeout)
    {
        Execute(connection, null, $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}");

        // WAL lets readers go on while a batch is written; it is a property of the file and outlives the connection.
        var journalMode = Convert.ToString(Scalar(connection, null, "PRAGMA journal_mode = WAL"), CultureInfo.InvariantCulture) ?? "";

        // In WAL mode NORMAL cannot corrupt the file; a power cut may only lose the last batches.
        Execute(connection, null, "PRAGMA synchronous = NORMAL");

        // IMMEDIATE, so two processes opening a new file one moment apart do not both create it.
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(Scalar(connection, transaction, "PRAGMA user_version"), CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"Database '{connection.DataSource}' has schema version {version}; this build of Ioc knows up to {CurrentVersion}. Use a newer Ioc or another file.");
        }

        if (version < CurrentVersion)
        {
            if (version < 1)
            {
                Execute(connection, transaction, Version1);
            }

            if (version < 2)
            {
                Execute(connection, transaction, Version2);
            }

            Execute(connection, transaction, $"PRAGMA user_version = {CurrentVersion}");
        }

        transaction.Commit();
        return journalMode;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
