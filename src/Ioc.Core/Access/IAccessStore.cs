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
    /// Counts one failed sign-in for <paramref name="account"/> (any name tried, existing or not) from
    /// <paramref name="address"/> atomically: two processes failing at once both count. A count whose last failure
    /// came before <paramref name="forgetBefore"/> starts again from this failure. Returns the count afterwards.
    /// </summary>
    Task<SignInFailures> RecordSignInFailureAsync(string account, string address, DateTimeOffset now, DateTimeOffset forgetBefore, CancellationToken cancellationToken = default);

    /// <summary>The failures of <paramref name="account"/> from <paramref name="address"/>; null when none are kept.</summary>
    Task<SignInFailures?> FindSignInFailuresAsync(string account, string address, CancellationToken cancellationToken = default);

    /// <summary>Every kept count of at least <paramref name="atLeast"/> whose last failure is at or after <paramref name="since"/>, by account and address.</summary>
    Task<IReadOnlyList<SignInFailures>> ListSignInFailuresAsync(int atLeast, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Forgets the failures of <paramref name="account"/> from <paramref name="address"/>, or from every address when it is null; returns how many counts went.</summary>
    Task<int> ClearSignInFailuresAsync(string account, string? address, CancellationToken cancellationToken = default);

    /// <summary>Forgets every count whose last failure came before <paramref name="before"/>; returns how many went.</summary>
    Task<int> PruneSignInFailuresAsync(DateTimeOffset before, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the password hash, the must-change flag and a new security stamp in one statement. With
    /// <paramref name="expectedStamp"/>, only if the account still has that stamp (nobody reset or changed it
    /// meanwhile). False when no such user or the stamp differs.
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
