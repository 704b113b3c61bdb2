using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// Changes to existing accounts. Each is one statement, or, where a check must hold until the change is written
/// (the last admin), one transaction that holds the users lock from before the check until the commit.
/// </summary>
internal sealed partial class PostgreSqlAccessStore
{
    // Any fixed number nothing else in the database uses; these are the bytes of "IocUsers". The schema
    // migration has a lock of its own.
    private const long UsersLock = 0x496F_6355_7365_7273;

    public async Task<bool> SetPasswordAsync(string name, string passwordHash, bool mustChange, string newStamp, string? expectedStamp, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(passwordHash);
        ArgumentNullException.ThrowIfNull(newStamp);

        // The stamp is compared in the same statement that replaces it; a second change made against the same
        // stamp waits for the row, finds the new stamp when it looks again, and writes nothing.
        var filter = expectedStamp is null ? "" : " AND security_stamp = @expected_stamp";
        await using var command = _dataSource.CreateCommand($"""
            UPDATE ioc_users SET
                password_hash = @password_hash, must_change_password = @must_change_password, security_stamp = @new_stamp,
                updated_at = @at
            WHERE name = @name{filter}
            """);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("password_hash", passwordHash);
        command.Parameters.AddWithValue("must_change_password", mustChange);
        command.Parameters.AddWithValue("new_stamp", newStamp);
        command.Parameters.Add(Time("at", at));
        if (expectedStamp is not null)
        {
            command.Parameters.AddWithValue("expected_stamp", expectedStamp);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<UserChange> SetRoleAsync(string name, string role, string newStamp, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(newStamp);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginLockedAsync(connection, cancellationToken);
        if (HeldRole.DecideRoleChange(await ReadRoleAsync(connection, transaction, name, cancellationToken), role) is { } refused)
        {
            return refused;
        }

        await using var command = new NpgsqlCommand(
            "UPDATE ioc_users SET role = @role, security_stamp = @new_stamp, updated_at = @at WHERE name = @name", connection, transaction);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("role", role);
        command.Parameters.AddWithValue("new_stamp", newStamp);
        command.Parameters.Add(Time("at", at));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    public async Task<UserChange> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await BeginLockedAsync(connection, cancellationToken);
        if (HeldRole.DecideDeletion(await ReadRoleAsync(connection, transaction, name, cancellationToken)) is { } refused)
        {
            return refused;
        }

        await using var command = new NpgsqlCommand("DELETE FROM ioc_users WHERE name = @name", connection, transaction);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// A transaction holding the users lock until it ends. Under READ COMMITTED a check such as "another admin
    /// exists" reads a snapshot, and two admins demoting each other would each see the other still an admin and
    /// both go ahead: their updates touch different rows, so no row lock stops them. Every change that can take
    /// the last admin away takes this lock first, so they run one after the other; the check that follows reads
    /// a snapshot taken after the previous one committed. Ending with the transaction, a crash cannot leave it held.
    /// </summary>
    private static async Task<NpgsqlTransaction> BeginLockedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
            command.Parameters.AddWithValue("key", UsersLock);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>The account's role and whether it is the only admin; null when there is no such account.</summary>
    private static async Task<HeldRole?> ReadRoleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            SELECT role, role = @admin AND NOT EXISTS (SELECT 1 FROM ioc_users WHERE role = @admin AND name <> @name)
            FROM ioc_users WHERE name = @name
            """, connection, transaction);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("admin", Roles.Admin);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HeldRole(reader.GetString(0), reader.GetBoolean(1)) : null;
    }

}
