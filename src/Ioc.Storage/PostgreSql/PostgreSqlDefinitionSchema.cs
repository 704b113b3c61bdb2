using System.Globalization;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// Tables of the configuration store in PostgreSQL, beside Hangfire's own schema. The version lives in
/// <c>ioc_schema</c>; a database newer than this build is refused rather than guessed at, and each later
/// version adds one step to <see cref="ApplyAsync"/>.
/// </summary>
internal static class PostgreSqlDefinitionSchema
{
    public const int CurrentVersion = 8;

    // Any fixed number works as long as nothing else in the database uses it; these are the bytes of "IocDefs1".
    private const long MigrationLock = 0x496F_6344_6566_7331;

    private const string Version1 = """
        CREATE TABLE ioc_definitions (
            kind text NOT NULL,
            id text NOT NULL,
            content text NOT NULL,
            source text NOT NULL,
            updated_at timestamptz NOT NULL,
            version bigint NOT NULL CHECK (version > 0),
            PRIMARY KEY (kind, id)
        );
        """;

    // Users, display tokens, API keys, the audit log and the data-protection key ring (PostgreSqlAccessStore). The
    // key ring is kept in the order it was written by its sequence, and its names are unique.
    private const string Version2 = """
        CREATE TABLE ioc_users (
            name text NOT NULL PRIMARY KEY,
            role text NOT NULL,
            password_hash text,
            must_change_password boolean NOT NULL,
            failed_sign_ins integer NOT NULL CHECK (failed_sign_ins >= 0),
            locked_until timestamptz,
            security_stamp text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_display_tokens (
            id text NOT NULL PRIMARY KEY,
            name text NOT NULL,
            dashboard_id text NOT NULL,
            secret_hash text NOT NULL,
            expires_at timestamptz NOT NULL,
            revoked_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_api_keys (
            id text NOT NULL PRIMARY KEY,
            name text NOT NULL,
            measurement_prefixes text[] NOT NULL,
            secret_hash text NOT NULL,
            revoked_at timestamptz,
            created_by text NOT NULL,
            created_at timestamptz NOT NULL
        );
        CREATE TABLE ioc_audit_log (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text NOT NULL,
            detail text NOT NULL
        );
        CREATE INDEX ioc_audit_log_at ON ioc_audit_log (at);
        CREATE TABLE ioc_key_ring (
            sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE,
            xml text NOT NULL,
            created_at timestamptz NOT NULL
        );
        """;

    // Sign-in throttling moves from one lock per account, which any stranger could set, to counts per account
    // name and client address (PostgreSqlAccessStore.SignInThrottle). Old locks are dropped with their columns.
    private const string Version3 = """
        ALTER TABLE ioc_users DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;
        CREATE TABLE ioc_sign_in_failures (
            account text NOT NULL,
            address text NOT NULL,
            failures integer NOT NULL CHECK (failures > 0),
            last_failure_at timestamptz NOT NULL,
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
            id text NOT NULL PRIMARY KEY,
            paused boolean NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        );
        CREATE TABLE ioc_config_revision (
            id integer NOT NULL PRIMARY KEY CHECK (id = 1),
            revision bigint NOT NULL
        );
        INSERT INTO ioc_config_revision (id, revision) VALUES (1, 1);
        CREATE TABLE ioc_secrets (
            name text NOT NULL PRIMARY KEY,
            protected_value text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL
        );
        CREATE TABLE ioc_manual_entries (
            collector_id text NOT NULL,
            period text NOT NULL,
            field text NOT NULL,
            period_start timestamptz NOT NULL,
            value double precision NOT NULL,
            document text NOT NULL,
            entered_by text NOT NULL,
            entered_at timestamptz NOT NULL,
            PRIMARY KEY (collector_id, period, field)
        );
        CREATE TABLE ioc_source_series (
            source text NOT NULL,
            measurement text NOT NULL,
            last_seen_at timestamptz NOT NULL,
            PRIMARY KEY (source, measurement)
        );
        CREATE FUNCTION ioc_raise_revision() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE ioc_config_revision SET revision = revision + 1 WHERE id = 1;
            RETURN NULL;
        END;
        $$;
        CREATE TRIGGER ioc_definitions_changed AFTER INSERT OR UPDATE OR DELETE ON ioc_definitions FOR EACH ROW EXECUTE FUNCTION ioc_raise_revision();
        CREATE TRIGGER ioc_collector_state_changed AFTER INSERT OR UPDATE OR DELETE ON ioc_collector_state FOR EACH ROW EXECUTE FUNCTION ioc_raise_revision();
        CREATE TRIGGER ioc_secrets_changed AFTER INSERT OR UPDATE OR DELETE ON ioc_secrets FOR EACH ROW EXECUTE FUNCTION ioc_raise_revision();
        """;

    // Version 7: reports Ioc produced (the leaders' weekly brief), content included, so every node serves the same ones.
    private const string Version7 = """
        CREATE TABLE ioc_reports (
            id text NOT NULL PRIMARY KEY,
            kind text NOT NULL,
            title text NOT NULL,
            period_start date NOT NULL,
            period_end date NOT NULL,
            created_at timestamptz NOT NULL,
            created_by text NOT NULL,
            html bytea NOT NULL,
            pdf bytea NULL,
            pdf_error text NULL,
            mailed_to text NULL,
            mail_error text NULL
        );
        CREATE INDEX ioc_reports_by_kind ON ioc_reports (kind, created_at);
        """;


    // Version 8: wall screens and their newest heartbeat, so every node lists the same ones and a dead one stays listed.
    private const string Version8 = """
        CREATE TABLE ioc_screens (
            id text NOT NULL PRIMARY KEY,
            token_id text NOT NULL,
            token_name text NOT NULL,
            first_seen_at timestamptz NOT NULL,
            last_heartbeat_at timestamptz NOT NULL,
            node text NOT NULL,
            report jsonb NOT NULL
        );
        """;

    public static async Task ApplyAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Text must come back byte for byte; a database in another encoding would mangle Vietnamese.
        var encoding = await ScalarAsync(connection, null, "SHOW server_encoding", cancellationToken);
        if (!string.Equals(encoding, "UTF8", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Database '{connection.Database}' uses encoding {encoding}; Ioc needs UTF8 (CREATE DATABASE … ENCODING 'UTF8')");
        }

        // Two processes starting together would otherwise both create the tables, and the loser's CREATE fails
        // even with IF NOT EXISTS. The lock ends with the transaction, so a crash cannot leave it held.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLock})", cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS ioc_schema (version integer NOT NULL)", cancellationToken);
        var stored = await ScalarAsync(connection, transaction, "SELECT max(version) FROM ioc_schema", cancellationToken);
        var version = stored is null ? 0 : int.Parse(stored, CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"Database '{connection.Database}' has configuration schema version {version}; this build of Ioc knows up to {CurrentVersion}. Use a newer Ioc.");
        }

        if (version < 1)
        {
            await ExecuteAsync(connection, transaction, Version1, cancellationToken);
        }

        if (version < 2)
        {
            await ExecuteAsync(connection, transaction, Version2, cancellationToken);
        }

        if (version < 3)
        {
            await ExecuteAsync(connection, transaction, Version3, cancellationToken);
        }

        if (version < 4)
        {
            await ExecuteAsync(connection, transaction, PostgreSqlAccessStore.SessionsSchema, cancellationToken);
        }

        if (version < 5)
        {
            await ExecuteAsync(connection, transaction, PostgreSqlDefinitionStore.RunsSchema, cancellationToken);
        }

        if (version < 6)
        {
            await ExecuteAsync(connection, transaction, Version6, cancellationToken);
        }

        if (version < 7)
        {
            await ExecuteAsync(connection, transaction, Version7, cancellationToken);
        }

        if (version < 8)
        {
            await ExecuteAsync(connection, transaction, Version8, cancellationToken);
        }

        if (version < CurrentVersion)
        {
            await ExecuteAsync(connection, transaction, "DELETE FROM ioc_schema", cancellationToken);
            await ExecuteAsync(connection, transaction, $"INSERT INTO ioc_schema (version) VALUES ({CurrentVersion})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
