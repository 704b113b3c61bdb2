using Ioc.Core.Access;
using Ioc.Storage.Configuration;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Changes to existing accounts. Each is one statement, or, where a check must hold until the change is written
/// (the last admin), one transaction that takes the file's write lock before it reads.
/// </summary>
internal sealed partial class SqliteAccessStore
{
    public async Task<bool> SetPasswordAsync(string name, string passwordHash, bool mustChange, string newStamp, string? expectedStamp, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(passwordHash);
        ArgumentNullException.ThrowIfNull(newStamp);

        // The stamp is compared in the same statement that replaces it, so of two changes made against one stamp
        // only the first is written.
        var filter = expectedStamp is null ? "" : " AND security_stamp = $expected_stamp";
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            UPDATE ioc_users SET
                password_hash = $password_hash, must_change_password = $must_change_password, security_stamp = $new_stamp,
                updated_at = $at
            WHERE name = $name{filter}
            """);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$password_hash", passwordHash);
        command.Parameters.AddWithValue("$must_change_password", mustChange);
        command.Parameters.AddWithValue("$new_stamp", newStamp);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(at));
        if (expectedStamp is not null)
        {
            command.Parameters.AddWithValue("$expected_stamp", expectedStamp);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<UserChange> SetRoleAsync(string name, string role, string newStamp, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(role);
        ArgumentNullException.ThrowIfNull(newStamp);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        if (HeldRole.DecideRoleChange(await ReadRoleAsync(connection, transaction, name, cancellationToken), role) is { } refused)
        {
            return refused;
        }

        await using var command = Command(connection, "UPDATE ioc_users SET role = $role, security_stamp = $new_stamp, updated_at = $at WHERE name = $name", transaction);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$new_stamp", newStamp);
        command.Parameters.AddWithValue("$at", SqliteTimeColumn.Write(at));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    public async Task<UserChange> DeleteUserAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = BeginWrite(connection);
        if (HeldRole.DecideDeletion(await ReadRoleAsync(connection, transaction, name, cancellationToken)) is { } refused)
        {
            return refused;
        }

        await using var command = Command(connection, "DELETE FROM ioc_users WHERE name = $name", transaction);
        command.Parameters.AddWithValue("$name", name);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return UserChange.Done;
    }

    /// <summary>
    /// IMMEDIATE takes the write lock before the first read, so nothing another process writes can slip between
    /// the check and the change: two admins demoting or deleting each other run one after the other, and the
    /// second sees that the first left it alone. (A DEFERRED transaction would read a snapshot and then fail to
    /// write once the other had committed.) The busy timeout covers the wait for the lock.
    /// </summary>
    private static SqliteTransaction BeginWrite(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    /// <summary>The account's role and whether it is the only admin; null when there is no such account.</summary>
    private static async Task<HeldRole?> ReadRoleAsync(SqliteConnection connection, SqliteTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, """
            SELECT role, role = $admin AND NOT EXISTS (SELECT 1 FROM ioc_users WHERE role = $admin AND name <> $name)
            FROM ioc_users WHERE name = $name
            """, transaction);
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$admin", Roles.Admin);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new HeldRole(reader.GetString(0), reader.GetBoolean(1)) : null;
    }

}
