using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Ioc.Core.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// People's sessions as the configuration store records them: each sign-in gets an id, sign-out ends that id on
/// every process, and a session ends <see cref="AccessOptions.SessionAbsoluteLifetime"/> after sign-in whatever
/// its activity. Answers are cached for <see cref="AccessOptions.RevocationCheckInterval"/> so a request costs
/// no extra round trip; a sign-out on this process applies here at once.
/// </summary>
internal sealed class SessionRegistry(ISessionStore store, TimeProvider clock, IOptions<AccessOptions> options)
{
    // The last-seen time only feeds pruning of idle rows, so it need not be exact.
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Known> _known = new(StringComparer.Ordinal);

    private sealed record Known(bool Active, DateTimeOffset CheckedAt);

    /// <summary>Records a new session of <paramref name="userName"/>; returns the claims that name it.</summary>
    public async Task<Claim[]> StartAsync(string userName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await store.CreateSessionAsync(new SignInSession(id, userName, now, now + options.Value.SessionAbsoluteLifetime, now, null), cancellationToken);
        _known[id] = new Known(true, now);
        return
        [
            new Claim(IocClaims.SessionId, id),
            new Claim(IocClaims.SessionIssued, now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
        ];
    }

    /// <summary>When the session ends at the latest; null for a cookie that names no session (issued before sessions were recorded).</summary>
    public DateTimeOffset? AbsoluteEnd(ClaimsPrincipal principal) =>
        principal.FindFirstValue(IocClaims.SessionIssued) is { } issued && long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms) + options.Value.SessionAbsoluteLifetime
            : null;

    /// <summary>False once the absolute lifetime ran out, or when the cookie names no session.</summary>
    public bool WithinLifetime(ClaimsPrincipal principal) =>
        principal.FindFirstValue(IocClaims.SessionId) is not null && AbsoluteEnd(principal) is { } end && clock.GetUtcNow() < end;

    /// <summary>
    /// Whether the store still holds the session open, from a check at most <paramref name="maxAge"/> old. Throws
    /// when the store does not answer and nothing is known yet; a known answer rides out an outage.
    /// </summary>
    public async Task<bool> IsOpenAsync(string id, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(id, out var known) && (!known.Active || now - known.CheckedAt < maxAge))
        {
            return known.Active;
        }

        SignInSession? session;
        try
        {
            session = await store.FindSessionAsync(id, cancellationToken);
        }
        catch (Exception ex) when (known is not null && ex is not OperationCanceledException)
        {
            return known.Active;
        }

        var active = session is { EndedAt: null } && now < session.ExpiresAt;
        if (active && now - session!.LastSeenAt >= TouchEvery)
        {
            await store.TouchSessionAsync(id, now, cancellationToken);
        }

        _known[id] = new Known(active, now);
        return active;
    }

    /// <summary>Checks with the period of requests (<see cref="AccessOptions.RevocationCheckInterval"/>).</summary>
    public Task<bool> IsOpenAsync(string id, CancellationToken cancellationToken) =>
        IsOpenAsync(id, options.Value.RevocationCheckInterval, cancellationToken);

    /// <summary>Ends the principal's session, if it names one, here at once and for every process in the store.</summary>
    public async Task EndAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.FindFirstValue(IocClaims.SessionId) is not { } id)
        {
            return;
        }

        var now = clock.GetUtcNow();
        _known[id] = new Known(false, now);
        await store.EndSessionAsync(id, now, cancellationToken);
    }

    /// <summary>Deletes rows no cookie can use any more, and forgets old answers.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var settings = options.Value;
        foreach (var (id, known) in _known)
        {
            if (now - known.CheckedAt > settings.SessionLifetime)
            {
                _known.TryRemove(id, out _);
            }
        }

        // An idle session's cookie has expired; the margin covers last-seen times touched only now and then.
        return await store.PruneSessionsAsync(now, now - settings.SessionLifetime - TouchEvery, cancellationToken);
    }
}
