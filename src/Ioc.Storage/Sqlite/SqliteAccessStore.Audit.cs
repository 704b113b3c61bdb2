using Ioc.Core.Access;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>The audit log.</summary>
internal sealed partial class SqliteAccessStore
{
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, """
            INSERT INTO ioc_audit_log (at, actor, action, target, detail) VALUES ($at, $actor, $action, $target, $detail)
            """);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(entry.At));
        command.Parameters.AddWithValue("$actor", entry.Actor);
        command.Parameters.AddWithValue("$action", entry.Action);
        command.Parameters.AddWithValue("$target", entry.Target);
        command.Parameters.AddWithValue("$detail", entry.Detail);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(DateTimeOffset since, DateTimeOffset until, string? actor, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);

        // The times are fixed-width text, so comparing the text compares the times and the index on "at" serves
        // the range. Entries of the same microsecond come newest first by the order they were written in.
        var filter = actor is null ? "" : " AND actor = $actor";
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT at, actor, action, target, detail FROM ioc_audit_log
            WHERE at >= $since AND at < $until{filter}
            ORDER BY at DESC, sequence DESC
            LIMIT $limit
            """);
        command.Parameters.AddWithValue("$since", SqliteTimeColumn.Write(since));
        command.Parameters.AddWithValue("$until", SqliteTimeColumn.Write(until));
        command.Parameters.AddWithValue("$limit", limit);
        if (actor is not null)
        {
            command.Parameters.AddWithValue("$actor", actor);
        }

        return await ReadAllAsync(command, ReadAuditEntry, cancellationToken);
    }

    private static AuditEntry ReadAuditEntry(SqliteDataReader reader) => new(
        SqliteTimeColumn.Read(reader.GetString(0)),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4));
}
