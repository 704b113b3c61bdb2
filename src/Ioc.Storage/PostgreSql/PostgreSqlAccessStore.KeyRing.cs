namespace Ioc.Storage.PostgreSql;

/// <summary>The data-protection key ring.</summary>
internal sealed partial class PostgreSqlAccessStore
{
    public async Task<IReadOnlyList<string>> ListKeyRingAsync(CancellationToken cancellationToken = default)
    {
        // The sequence, not the time: clocks of two processes may disagree, the order of the inserts does not.
        await using var command = _dataSource.CreateCommand("SELECT xml FROM ioc_key_ring ORDER BY sequence");
        return await ReadAllAsync(command, reader => reader.GetString(0), cancellationToken);
    }

    public async Task StoreKeyRingElementAsync(string name, string xml, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(xml);

        // Two processes creating a key at once each store theirs under its own name; a name stored twice is the
        // same element written again, and the first copy is the one already handed out.
        await using var command = _dataSource.CreateCommand("""
            INSERT INTO ioc_key_ring (name, xml, created_at) VALUES (@name, @xml, @created_at)
            ON CONFLICT (name) DO NOTHING
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("xml", xml);
        command.Parameters.Add(Time("created_at", DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
