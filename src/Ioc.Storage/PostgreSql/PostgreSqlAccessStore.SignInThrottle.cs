using Ioc.Core.Access;
using Npgsql;

namespace Ioc.Storage.PostgreSql;

/// <summary>
/// Failed sign-ins per account name and client address, shared by every Ioc process of a deployment. The count
/// is read and written by one upsert: a second process's failure waits for the row and counts on top.
/// </summary>
internal sealed partial class PostgreSqlAccessStore
{
    private const string FailureColumns = "account, address, failures, last_failure_at";

    public async Task<SignInFailures> RecordSignInFailureAsync(string account, string address, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);

        // Two first failures at once: the second insert waits for the first, finds the row and updates it.
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO ioc_sign_in_failures ({FailureColumns}) VALUES (@account, @address, 1, @now)
            ON CONFLICT (account, address) DO UPDATE SET
                failures = CASE WHEN ioc_sign_in_failures.last_failure_at < @forget_before THEN 1 ELSE ioc_sign_in_failures.failures + 1 END,
                last_failure_at = @now
            RETURNING {FailureColumns}
            """);
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("address", address);
        command.Parameters.Add(Time("now", now));
        command.Parameters.Add(Time("forget_before", forgetBefore));
        return (await ReadSingleAsync(command, ReadFailures, cancellationToken))!;
    }

    public async Task<SignInFailures?> FindSignInFailuresAsync(string account, string address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(address);
        await using var command = _dataSource.CreateCommand($"SELECT {FailureColumns} FROM ioc_sign_in_failures WHERE account = @account AND address = @address");
        command.Parameters.AddWithValue("account", account);
        command.Parameters.AddWithValue("address", address);
        return await ReadSingleAsync(command, ReadFailures, cancellationToken);
    }

    public async Task<IReadOnlyList<SignInFailures>> ListSignInFailuresAsync(int atLeast, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        // COLLATE "C": the same byte order as SQLite, whatever the database's locale.
        await using var command = _dataSource.CreateCommand($"""
            SELECT {FailureColumns} FROM ioc_sign_in_failures
            WHERE failures >= @at_least AND last_failure_at >= @since
            ORDER BY account COLLATE "C", address COLLATE "C"
            """);
        command.Parameters.AddWithValue("at_least", atLeast);
        command.Parameters.Add(Time("since", since));
        return await ReadAllAsync(command, ReadFailures, cancellationToken);
    }

    public async Task<int> ClearSignInFailuresAsync(string account, string? address, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_sign_in_failures WHERE account = @account" + (address is null ? "" : " AND address = @address"));
        command.Parameters.AddWithValue("account", account);
        if (address is not null)
        {
            command.Parameters.AddWithValue("address", address);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> PruneSignInFailuresAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("DELETE FROM ioc_sign_in_failures WHERE last_failure_at < @before");
        command.Parameters.Add(Time("before", before));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SignInFailures ReadFailures(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetFieldValue<DateTimeOffset>(3));
}
