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

    /// <summary>
    /// Counts one failed sign-in atomically (two processes failing at once both count) and locks the account
    /// until <paramref name="lockUntil"/> once the count reaches <paramref name="lockAfter"/>. A lock that has run
    /// out by <paramref name="now"/> starts the count again from this failure. Returns the account afterwards, or
    /// null when there is no such user.
    /// </summary>
    Task<UserAccount?> RecordFailedSignInAsync(string name, int lockAfter, DateTimeOffset now, DateTimeOffset lockUntil, CancellationToken cancellationToken = default);

    /// <summary>Clears the failure count and any lock; false when no such user.</summary>
    Task<bool> ClearFailedSignInsAsync(string name, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the password hash, the must-change flag and a new security stamp, and clears failures and lock, in one
    /// statement. With <paramref name="expectedStamp"/>, only if the account still has that stamp (nobody reset or
    /// changed it meanwhile). False when no such user or the stamp differs.
    /// </summary>
    Task<bool> SetPasswordAsync(string name, string passwordHash, bool mustChange, string newStamp, string? expectedStamp, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives the account a role and a new security stamp in one step that never leaves the store without an admin:
    /// taking the admin role from the last admin is refused, also when two such changes race. The same role again
    /// changes nothing (and keeps the stamp).
    /// </summary>
    Task<UserChange> SetRoleAsync(string name, string role, string newStamp, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Deletes the account unless it is the last admin (checked and done in one step).</summary>
    Task<UserChange> DeleteUserAsync(string name, CancellationToken cancellationToken = default);

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

/// <summary>How a role change or deletion ended.</summary>
public enum UserChange
{
    Done,
    NotFound,
    LastAdmin,
}

/// <summary>
/// The data-protection key ring (what signs and encrypts cookies and antiforgery tokens), kept where every Ioc
/// process finds it so that cookies survive restarts and work on each process. Elements are XML documents under a
/// unique name; they are only ever added.
/// </summary>
public interface IKeyRingStore
{
    /// <summary>Every element, in the order stored. The schema comes from <see cref="IAccessStore.InitializeAsync"/>.</summary>
    Task<IReadOnlyList<string>> ListKeyRingAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds an element; storing a name that exists keeps the first.</summary>
    Task StoreKeyRingElementAsync(string name, string xml, CancellationToken cancellationToken = default);
}

/// <summary>A create that met an existing name or id.</summary>
public sealed class AccessConflictException(string message) : Exception(message);
