using Ioc.Core.Access;
using Microsoft.Data.Sqlite;

namespace Ioc.Storage.Sqlite;

/// <summary>
/// Failed sign-ins per account name and client address. The count is read and written by one upsert under the
/// file's write lock, so failures in two processes at once both count.
/// </summary>
internal sealed partial class SqliteAccessStore
{
    private const string FailureColumns = "account, address, failures, last_failure_at";

    public async Task<SignInFailures> RecordSignInFailureAsync(string account, string address, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);

        // In DO UPDATE the bare column names are the row as it was; times are text that sorts as the times do.
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            INSERT INTO ioc_sign_in_failures ({FailureColumns}) VALUES ($account, $address, 1, $now)
            ON CONFLICT (account, address) DO UPDATE SET
                failures = CASE WHEN last_failure_at < $forget_before THEN 1 ELSE failures + 1 END,
                last_failure_at = $now
            RETURNING {FailureColumns}
            """);
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$address", address);
        command.Parameters.AddWithValue("$now", SqliteTimeColumn.Write(now));
        command.Parameters.AddWithValue("$forget_before", SqliteTimeColumn.Write(forgetBefore));
        return (await ReadSingleAsync(command, ReadFailures, cancellationToken))!;
    }

    public async Task<SignInFailures?> FindSignInFailuresAsync(string account, string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT {FailureColumns} FROM ioc_sign_in_failures WHERE account = $account AND address = $address");
        command.Parameters.AddWithValue("$account", account);
        command.Parameters.AddWithValue("$address", address);
        return await ReadSingleAsync(command, ReadFailures, cancellationToken);
    }

    public async Task<IReadOnlyList<SignInFailures>> ListSignInFailuresAsync(int atLeast, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"""
            SELECT {FailureColumns} FROM ioc_sign_in_failures
            WHERE failures >= $at_least AND last_failure_at >= $since
            ORDER BY account, address
            """);
        command.Parameters.AddWithValue("$at_least", atLeast);
        command.Parameters.AddWithValue("$since", SqliteTimeColumn.Write(since));
        return await ReadAllAsync(command, ReadFailures, cancellationToken);
    }

    public async Task<int> ClearSignInFailuresAsync(string account, string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM ioc_sign_in_failures WHERE account = $account" + (address is null ? "" : " AND address = $address"));
        command.Parameters.AddWithValue("$account", account);
        if (address is not null)
        {
            command.Parameters.AddWithValue("$address", address);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PruneSignInFailuresAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, "DELETE FROM ioc_sign_in_failures WHERE last_failure_at < $before");
        command.Parameters.AddWithValue("$before", SqliteTimeColumn.Write(before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SignInFailures ReadFailures(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        SqliteTimeColumn.Read(reader.GetString(3)));
}
