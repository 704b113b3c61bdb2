using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Tables of the embedded configuration store, laid out as in PostgreSQL. The version lives in
/// <c>ioc_schema</c>; a file newer than this build is refused rather than guessed at, and each later version
/// adds one step to <see cref="Apply"/>.
/// </summary>
internal static class SqliteDefinitionSchema
{
    public const int CurrentVersion = 8;

    private const string Version1 = """
        CREATE TABLE ioc_definitions (
            kind TEXT NOT NULL,
            id TEXT NOT NULL,
            content TEXT NOT NULL,
            source TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            version INTEGER NOT NULL CHECK (version > 0),
            PRIMARY KEY (kind, id)
        );
        """;

    // Users, display tokens, API keys, the audit log and the data-protection key ring (SqliteAccessStore). Times
    // are text in the format of SqliteTimeColumn, which sorts as the times do, so the audit index serves range
    // queries. The key ring is kept in the order it was written by its sequence, and its names are unique.
    private const string Version2 = """
        CREATE TABLE ioc_users (
            name TEXT NOT NULL PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT,
            must_change_password INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
            failed_sign_ins INTEGER NOT NULL CHECK (failed_sign_ins >= 0),
            locked_until TEXT,
            security_stamp TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE TABLE ioc_display_tokens (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            dashboard_id TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            expires_at TEXT NOT NULL,
            revoked_at TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE ioc_api_keys (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL,
            measurement_prefixes TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            revoked_at TEXT,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE ioc_audit_log (
            sequence INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL
        );
        CREATE INDEX ioc_audit_log_at ON ioc_audit_log (at);
        CREATE TABLE ioc_key_ring (
            sequence INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            xml TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        """;

    // Sign-in throttling moves from one lock per account, which any stranger could set, to counts per account
    // name and client address (SqliteAccessStore.SignInThrottle). Old locks are dropped with their columns.
    private const string Version3 = """
        ALTER TABLE ioc_users DROP COLUMN failed_sign_ins;
        ALTER TABLE ioc_users DROP COLUMN locked_until;
        CREATE TABLE ioc_sign_in_failures (
            account TEXT NOT NULL,
            address TEXT NOT NULL,
            failures INTEGER NOT NULL CHECK (failures > 0),
            last_failure_at TEXT NOT NULL,
            PRIMARY KEY (account, address)
        );
        CREATE INDEX ioc_sign_in_failures_last ON ioc_sign_in_failures (last_failure_at);
        """;

    // Administration without restarts: a collector's pause (kept apart from its file), a revision every node polls
    // to notice changes, encrypted secrets, figures entered by hand with their source document, and which
    // measurements each source writes (so the wall can follow the source's state). Triggers raise the revision with
    // every change of what a node loads, so no writer can forget to.
    private const string Version6 = """
        CREATE TABLE ioc_collector_state (
            id TEXT NOT NULL PRIMARY KEY,
            paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE ioc_config_revision (
            id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            revision INTEGER NOT NULL
        );
        INSERT INTO ioc_config_revision (id, revision) VALUES (1, 1);
        CREATE TABLE ioc_secrets (
            name TEXT NOT NULL PRIMARY KEY,
            protected_value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            updated_by TEXT NOT NULL
        );
        CREATE TABLE ioc_manual_entries (
            collector_id TEXT NOT NULL,
            period TEXT NOT NULL,
            field TEXT NOT NULL,
            period_start TEXT NOT NULL,
            value REAL NOT NULL,
            document TEXT NOT NULL,
            entered_by TEXT NOT NULL,
            entered_at TEXT NOT NULL,
            PRIMARY KEY (collector_id, period, field)
        );
        CREATE TABLE ioc_source_series (
            source TEXT NOT NULL,
            measurement TEXT NOT NULL,
            last_seen_at TEXT NOT NULL,
            PRIMARY KEY (source, measurement)
        );
        CREATE TRIGGER ioc_definitions_inserted AFTER INSERT ON ioc_definitions BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_definitions_updated AFTER UPDATE ON ioc_definitions BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_definitions_deleted AFTER DELETE ON ioc_definitions BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_collector_state_inserted AFTER INSERT ON ioc_collector_state BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_collector_state_updated AFTER UPDATE ON ioc_collector_state BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_collector_state_deleted AFTER DELETE ON ioc_collector_state BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_secrets_inserted AFTER INSERT ON ioc_secrets BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_secrets_updated AFTER UPDATE ON ioc_secrets BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        CREATE TRIGGER ioc_secrets_deleted AFTER DELETE ON ioc_secrets BEGIN UPDATE ioc_config_revision SET revision = revision + 1; END;
        """;

    // Version 7: reports Ioc produced (the leaders' weekly brief), content included, so every node serves the same ones.
    private const string Version7 = """
        CREATE TABLE ioc_reports (
            id TEXT NOT NULL PRIMARY KEY,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            period_start TEXT NOT NULL,
            period_end TEXT NOT NULL,
            created_at TEXT NOT NULL,
            created_by TEXT NOT NULL,
            html BLOB NOT NULL,
            pdf BLOB NULL,
            pdf_error TEXT NULL,
            mailed_to TEXT NULL,
            mail_error TEXT NULL
        );
        CREATE INDEX ioc_reports_by_kind ON ioc_reports (kind, created_at);
        """;


    // Version 8: wall screens and their newest heartbeat, so every node lists the same ones and a dead one stays listed.
    private const string Version8 = """
        CREATE TABLE ioc_screens (
            id TEXT NOT NULL PRIMARY KEY,
            token_id TEXT NOT NULL,
            token_name TEXT NOT NULL,
            first_seen_at TEXT NOT NULL,
            last_heartbeat_at TEXT NOT NULL,
            node TEXT NOT NULL,
            report TEXT NOT NULL
        );
        """;

    public static void Apply(SqliteConnection connection)
    {
        // WAL lets a reader go on while another process writes; it is a property of the file.
        Execute(connection, null, "PRAGMA journal_mode = WAL");

        // IMMEDIATE takes the write lock before reading the version, so two processes opening a new file one
        // moment apart do not both create the tables.
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, transaction, "CREATE TABLE IF NOT EXISTS ioc_schema (version INTEGER NOT NULL)");
        var stored = Scalar(connection, transaction, "SELECT max(version) FROM ioc_schema");
        var version = stored is null or DBNull ? 0 : Convert.ToInt32(stored, CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"Configuration database '{connection.DataSource}' has schema version {version}; this build of Ioc knows up to {CurrentVersion}. Use a newer Ioc or another file.");
        }

        if (version < 1)
        {
            Execute(connection, transaction, Version1);
        }

        if (version < 2)
        {
            Execute(connection, transaction, Version2);
        }

        if (version < 3)
        {
            Execute(connection, transaction, Version3);
        }

        if (version < 4)
        {
            Execute(connection, transaction, SqliteAccessStore.SessionsSchema);
        }

        if (version < 5)
        {
            Execute(connection, transaction, SqliteDefinitionStore.RunsSchema);
        }

        if (version < 6)
        {
            Execute(connection, transaction, Version6);
        }

        if (version < 7)
        {
            Execute(connection, transaction, Version7);
        }

        if (version < 8)
        {
            Execute(connection, transaction, Version8);
        }

        if (version < CurrentVersion)
        {
            Execute(connection, transaction, "DELETE FROM ioc_schema");
            Execute(connection, transaction, $"INSERT INTO ioc_schema (version) VALUES ({CurrentVersion})");
        }

        transaction.Commit();
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
