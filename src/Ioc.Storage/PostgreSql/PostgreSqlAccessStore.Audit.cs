using Ioc.Core.Access;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>The audit log.</summary>
internal sealed partial class PostgreSqlAccessStore
{
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO ioc_audit_log (at, actor, action, target, detail) VALUES (@at, @actor, @action, @target, @detail)
            """);
        command.Parameters.Add(Time("at", entry.At));
        command.Parameters.AddWithValue("actor", entry.Actor);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("target", entry.Target);
        command.Parameters.AddWithValue("detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(DateTimeOffset since, DateTimeOffset until, string? actor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        // Entries of the same microsecond come newest first by the order they were numbered in.
        var filter = actor is null ? "" : " AND actor = @actor";
        await using var command = _dataSource.CreateCommand($"""
            SELECT at, actor, action, target, detail FROM ioc_audit_log
            WHERE at >= @since AND at < @until{filter}
            ORDER BY at DESC, sequence DESC
            LIMIT @limit
            """);
        command.Parameters.Add(Time("since", since));
        command.Parameters.Add(Time("until", until));
        command.Parameters.AddWithValue("limit", limit);
        if (actor is not null)
        {
            command.Parameters.AddWithValue("actor", actor);
        }

        return await ReadAllAsync(command, ReadAuditEntry, cancellationToken);
    }

    private static AuditEntry ReadAuditEntry(NpgsqlDataReader reader) => new(
        reader.GetFieldValue<DateTimeOffset>(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4));
}
