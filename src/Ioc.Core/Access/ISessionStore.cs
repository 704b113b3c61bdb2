namespace Ioc.Core.Access;

/// <summary>
/// A person's signed-in session as the configuration store keeps it, so that signing out ends it on every process
/// even while a copy of its cookie lives on.
/// </summary>
/// <param name="Id">Random, unique; carried in the session cookie.</param>
/// <param name="ExpiresAt">The absolute end, whatever the activity.</param>
/// <param name="LastSeenAt">Advanced now and then while the session is used, for pruning idle ones.</param>
/// <param name="EndedAt">Set by sign-out; the session is refused from then on.</param>
public sealed record SignInSession(
    string Id,
    string UserName,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? EndedAt);

/// <summary>
/// Signed-in sessions, kept by the access store adapters in the same schema (created by
/// <see cref="IAccessStore.InitializeAsync"/>). Ids compare exactly; times are kept to the microsecond, UTC.
/// </summary>
public interface ISessionStore
{
    /// <summary>Fails with <see cref="AccessConflictException"/> when the id exists.</summary>
    Task CreateSessionAsync(SignInSession session, CancellationToken cancellationToken = default);

    Task<SignInSession?> FindSessionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Moves the last-seen time forward (never back); false when no such session.</summary>
    Task<bool> TouchSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>False when no such session or it had already ended (the first end time is kept).</summary>
    Task<bool> EndSessionAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes sessions that ended or expired before <paramref name="before"/>, and those last seen before
    /// <paramref name="idleBefore"/>; returns how many.
    /// </summary>
    Task<int> PruneSessionsAsync(DateTimeOffset before, DateTimeOffset idleBefore, CancellationToken cancellationToken = default);
}
