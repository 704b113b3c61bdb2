using Ioc.Core.Screens;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>Wall screens and their newest heartbeat (<see cref="IScreenStore"/>).</summary>
internal sealed partial class SqliteDefinitionStore : IScreenStore
{
    public async Task SaveScreenAsync(ScreenRecord screen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(screen);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, """
            INSERT INTO ioc_screens (id, token_id, token_name, first_seen_at, last_heartbeat_at, node, report)
            VALUES ($id, $token, $name, $first, $last, $node, $report)
            ON CONFLICT (id) DO UPDATE SET token_id = excluded.token_id, token_name = excluded.token_name,
                last_heartbeat_at = excluded.last_heartbeat_at, node = excluded.node, report = excluded.report
            """);
        command.Parameters.AddWithValue("$id", screen.Id);
        command.Parameters.AddWithValue("$token", screen.TokenId);
        command.Parameters.AddWithValue("$name", screen.TokenName);
        command.Parameters.AddWithValue("$first", SqliteTimeColumn.Write(screen.FirstSeenAt));
        command.Parameters.AddWithValue("$last", SqliteTimeColumn.Write(screen.LastHeartbeatAt));
        command.Parameters.AddWithValue("$node", screen.Node);
        command.Parameters.AddWithValue("$report", ScreenReportJson.Write(screen.Report));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ScreenRecord>> ListScreensAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null,
            "SELECT id, token_id, token_name, first_seen_at, last_heartbeat_at, node, report FROM ioc_screens ORDER BY token_name, id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var screens = new List<ScreenRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            screens.Add(new ScreenRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                SqliteTimeColumn.Read(reader.GetString(3)),
                SqliteTimeColumn.Read(reader.GetString(4)),
                reader.GetString(5),
                ScreenReportJson.Read(reader.GetString(6))));
        }

        return screens;
    }

    public async Task<bool> DeleteScreenAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_screens WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> PruneScreensAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(_connectionString, cancellationToken);
        await using var command = Command(connection, null, "DELETE FROM ioc_screens WHERE last_heartbeat_at < $before");
        command.Parameters.AddWithValue("$before", SqliteTimeColumn.Write(before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
