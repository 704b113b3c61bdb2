namespace Ioc.Core.Access;

/// <summary>
/// Users, display tokens, API keys and the audit log, kept in the configuration store (SQLite embedded,
/// PostgreSQL in production). Contract for every adapter:
/// <list type="bullet">
/// <item><see cref="InitializeAsync"/> creates or migrates the schema and is safe to call from several processes at once.</item>
/// <item>Names and ids compare exactly (callers normalise user names to lower case); text comes back byte for byte.</item>
/// <item>Create fails with <see cref="AccessConflictException"/> when the name or id exists; nothing is half-written.</item>
/// <item>Times are kept to the microsecond, UTC.</item>
/// </list>
/// </summary>
public interface IAccessStore
{
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<int> CountUsersAsync(CancellationToken cancellationToken = default);

    Task<UserAccount?> FindUserAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Ordered by name.</summary>
    Task<IReadOnlyList<UserAccount>> ListUsersAsync(CancellationToken cancellationToken = default);

    Task CreateUserAsync(UserAccount user, CancellationToken cancellationToken = default);

    /// <summary>Replaces every column but the name and creation time; false when no such user.</summary>
    Task<bool> UpdateUserAsync(UserAccount user, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one failed sign-in atomically (two processes failing at once both count) and locks the account
    /// until <paramref name="lockUntil"/> once the count reaches <paramref name="lockAfter"/>. Returns the account
    /// afterwards, or null when there is no such user.
    /// </summary>
    Task<UserAccount?> RecordFailedSignInAsync(string name, int lockAfter, DateTimeOffset lockUntil, CancellationToken cancellationToken = default);

    Task<bool> DeleteUserAsync(string name, CancellationToken cancellationToken = default);

    Task CreateDisplayTokenAsync(DisplayToken token, CancellationToken cancellationToken = default);

    Task<DisplayToken?> FindDisplayTokenAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first, revoked and expired ones included.</summary>
    Task<IReadOnlyList<DisplayToken>> ListDisplayTokensAsync(CancellationToken cancellationToken = default);

    /// <summary>False when no such token or it was already revoked (the first revocation time is kept).</summary>
    Task<bool> RevokeDisplayTokenAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task CreateApiKeyAsync(ApiKey key, CancellationToken cancellationToken = default);

    Task<ApiKey?> FindApiKeyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Newest first, revoked ones included.</summary>
    Task<IReadOnlyList<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken = default);

    /// <summary>False when no such key or it was already revoked.</summary>
    Task<bool> RevokeApiKeyAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Entries with <paramref name="since"/> &lt;= At &lt; <paramref name="until"/>, newest first, at most <paramref name="limit"/>; <paramref name="actor"/> filters when given.</summary>
    Task<IReadOnlyList<AuditEntry>> QueryAuditAsync(DateTimeOffset since, DateTimeOffset until, string? actor, int limit, CancellationToken cancellationToken = default);
}

/// <summary>A create that met an existing name or id.</summary>
public sealed class AccessConflictException(string message) : Exception(message);
