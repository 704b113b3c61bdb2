using System.Collections.Concurrent;
using Ioc.Core.Access;
using Ioc.Core.Dashboards;
using Ioc.Core.Storage;
using Ioc.Server.Features.Dashboards;

namespace Ioc.Server.Access;

internal sealed record IssuedSecret<T>(T Record, string Secret)
{
    public override string ToString() => $"{Record}"; // never the secret
}

/// <summary>
/// Display tokens and API keys: issued once in clear, kept as hashes, checked on every use. Checks are cached for
/// a moment so ingest does not read the store per request; revocation therefore takes effect within
/// <see cref="AccessOptions.RevocationCheckInterval"/>.
/// </summary>
internal sealed class Credentials(IAccessStore store, AuditLog audit, DashboardCatalog dashboards, PlaylistCatalog playlists, TimeProvider clock, Microsoft.Extensions.Options.IOptions<AccessOptions> options)
{
    private readonly ConcurrentDictionary<string, (ApiKey? Key, DateTimeOffset CheckedAt)> _keys = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DisplayToken? Token, DateTimeOffset CheckedAt)> _tokens = new(StringComparer.Ordinal);

    private TimeSpan Freshness => options.Value.RevocationCheckInterval;

    /// <param name="playlistId">A playlist shown instead of one dashboard; then <paramref name="dashboardId"/> is left empty.</param>
    public async Task<IssuedSecret<DisplayToken>> CreateDisplayTokenAsync(string actor, string name, string dashboardId, TimeSpan lifetime, string? playlistId = null, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(playlistId))
        {
            if (!string.IsNullOrEmpty(dashboardId))
            {
                throw new AccessRequestException("playlistId: name a dashboard or a playlist, not both");
            }

            if (playlists.Find(playlistId) is not { } named)
            {
                throw new AccessRequestException($"playlistId: no playlist '{playlistId}'");
            }

            foreach (var item in named.Items)
            {
                if (dashboards.Find(item.Dashboard) is { } shown && WallReadable.Problem(shown) is { } problem)
                {
                    throw new AccessRequestException($"playlistId: playlist '{playlistId}' shows {problem}");
                }
            }
        }
        else if (dashboards.Find(dashboardId) is not { } dashboard)
        {
            throw new AccessRequestException($"dashboardId: no dashboard '{dashboardId}'");
        }
        else if (WallReadable.Problem(dashboard) is { } problem)
        {
            throw new AccessRequestException($"dashboardId: {problem}");
        }

        if (lifetime <= TimeSpan.Zero || lifetime > TimeSpan.FromDays(366))
        {
            throw new AccessRequestException("lifetime: must be between 1 minute and 366 days");
        }

        var secret = AccessSecret.New(SecretKind.DisplayToken);
        var now = clock.GetUtcNow();
        var playlist = string.IsNullOrEmpty(playlistId) ? null : playlistId;
        var token = new DisplayToken(secret.Id, RequireName(name), playlist is null ? dashboardId : "", secret.Hash, now + lifetime, null, actor, now, playlist);
        await store.CreateDisplayTokenAsync(token, cancellationToken);
        var shows = playlist is null ? $"dashboard {dashboardId}" : $"playlist {playlist}";
        await audit.RecordAsync(actor, "display-token.created", token.Id, $"'{token.Name}' for {shows}, expires {token.ExpiresAt:o}", cancellationToken);
        return new IssuedSecret<DisplayToken>(token, secret.Text);
    }

    public async Task<bool> RevokeDisplayTokenAsync(string actor, string id, CancellationToken cancellationToken = default)
    {
        var revoked = await store.RevokeDisplayTokenAsync(id, clock.GetUtcNow(), cancellationToken);
        _tokens.TryRemove(id, out _);
        if (revoked)
        {
            await audit.RecordAsync(actor, "display-token.revoked", id, "", cancellationToken);
        }

        return revoked;
    }

    /// <summary>The active token this text names, or null; never says why.</summary>
    public async Task<DisplayToken?> ValidateDisplayTokenAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (!AccessSecret.TryParse(text, SecretKind.DisplayToken, out var secret))
        {
            return null;
        }

        var token = await store.FindDisplayTokenAsync(secret.Id, cancellationToken);
        return token is not null && secret.Matches(token.SecretHash) && token.IsActive(clock.GetUtcNow()) ? token : null;
    }

    /// <summary>Whether a token that was valid at sign-in still is (cached briefly).</summary>
    public async Task<DisplayToken?> ActiveDisplayTokenAsync(string id, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var known = _tokens.TryGetValue(id, out var cached);
        if (!known || now - cached.CheckedAt >= Freshness)
        {
            var found = await LastKnownAsync(() => store.FindDisplayTokenAsync(id, cancellationToken), known, cached.Token);
            cached = (found, now);
            if (found is not null)
            {
                _tokens[id] = cached; // unknown ids are not kept: made-up ids must not grow the cache
            }
        }

        return cached.Token is { } token && token.IsActive(now) ? token : null;
    }

    public Task<IssuedSecret<ApiKey>> CreateApiKeyAsync(string actor, string name, IReadOnlyList<string> prefixes, CancellationToken cancellationToken = default) =>
        CreateApiKeyAsync(actor, name, ApiKeyScope.Write, prefixes, cancellationToken);

    /// <param name="prefixes">For a write key, at least one; a metrics key writes nothing and takes none.</param>
    public async Task<IssuedSecret<ApiKey>> CreateApiKeyAsync(string actor, string name, ApiKeyScope scope, IReadOnlyList<string> prefixes, CancellationToken cancellationToken = default)
    {
        if (scope == ApiKeyScope.Write && (prefixes is null || prefixes.Count == 0))
        {
            throw new AccessRequestException("measurementPrefixes: at least one prefix is required (\"\" allows every measurement)");
        }

        if (scope == ApiKeyScope.Metrics && prefixes is { Count: > 0 })
        {
            throw new AccessRequestException("measurementPrefixes: a metrics key reads /metrics only and writes nothing; leave the prefixes out");
        }

        var secret = AccessSecret.New(SecretKind.ApiKey);
        var now = clock.GetUtcNow();
        var key = new ApiKey(secret.Id, RequireName(name), [.. (prefixes ?? []).Distinct(StringComparer.Ordinal)], secret.Hash, null, actor, now, scope);
        await store.CreateApiKeyAsync(key, cancellationToken);
        var what = scope == ApiKeyScope.Metrics ? "to read /metrics" : $"for measurements {string.Join(", ", key.MeasurementPrefixes.Select(p => p.Length == 0 ? "(all)" : p + "*"))}";
        await audit.RecordAsync(actor, "api-key.created", key.Id, $"'{key.Name}' {what}", cancellationToken);
        return new IssuedSecret<ApiKey>(key, secret.Text);
    }

    public async Task<bool> RevokeApiKeyAsync(string actor, string id, CancellationToken cancellationToken = default)
    {
        var revoked = await store.RevokeApiKeyAsync(id, clock.GetUtcNow(), cancellationToken);
        _keys.TryRemove(id, out _);
        if (revoked)
        {
            await audit.RecordAsync(actor, "api-key.revoked", id, "", cancellationToken);
        }

        return revoked;
    }

    /// <summary>The active key this text names, or null (cached briefly; the secret is checked every time).</summary>
    public async Task<ApiKey?> ValidateApiKeyAsync(string? text, CancellationToken cancellationToken = default)
    {
        if (!AccessSecret.TryParse(text, SecretKind.ApiKey, out var secret))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var known = _keys.TryGetValue(secret.Id, out var cached);
        if (!known || now - cached.CheckedAt >= Freshness)
        {
            var found = await LastKnownAsync(() => store.FindApiKeyAsync(secret.Id, cancellationToken), known, cached.Key);
            cached = (found, now);
            if (found is not null)
            {
                _keys[secret.Id] = cached; // unknown ids are not kept: made-up ids must not grow the cache
            }
        }

        return cached.Key is { IsActive: true } key && secret.Matches(key.SecretHash) ? key : null;
    }

    /// <summary>
    /// Reads a credential; when the configuration store does not answer, keeps using what was last read, so wall
    /// screens and pushing machines ride out a database outage (a revocation then takes effect when it returns).
    /// A credential never seen before cannot be checked: 503, so the sender retries.
    /// </summary>
    private static async Task<T?> LastKnownAsync<T>(Func<Task<T?>> read, bool known, T? last)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return known ? last : throw new StoreUnavailableException($"the configuration store does not answer ({ex.GetType().Name})", TimeSpan.FromSeconds(5), ex);
        }
    }

    private static string RequireName(string name) =>
        string.IsNullOrWhiteSpace(name) || name.Length > 100 ? throw new AccessRequestException("name: 1 to 100 characters") : name.Trim();
}
