using System.Collections.Concurrent;
using System.Security.Claims;
using Ioc.Core.Access;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>The hub connections open now, with the credential each one rests on, so revocation can end them.</summary>
internal sealed class LiveConnections
{
    private readonly ConcurrentDictionary<string, HubCallerContext> _open = new(StringComparer.Ordinal);

    public void Opened(HubCallerContext context) => _open[context.ConnectionId] = context;

    public void Closed(string connectionId) => _open.TryRemove(connectionId, out _);

    public int Count => _open.Count;

    public IEnumerable<HubCallerContext> All => _open.Values;
}

/// <summary>
/// Every <see cref="AccessOptions.RevocationCheckInterval"/>, drops hub connections whose display token was revoked
/// or expired, whose account was deleted or changed (password, role), or whose session was signed out or reached
/// its absolute lifetime, also when another Ioc process did it.
/// </summary>
internal sealed partial class RevocationWatcher(
    LiveConnections connections, Credentials credentials, IAccessStore store, SessionRegistry sessions, IOptions<AccessOptions> options, ILogger<RevocationWatcher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevocationCheckInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    internal async Task SweepAsync(CancellationToken cancellationToken)
    {
        var users = new Dictionary<string, UserAccount?>(StringComparer.Ordinal);
        foreach (var context in connections.All.ToList())
        {
            var principal = context.User;
            string? reason = null;
            if (principal?.FindFirstValue(IocClaims.DisplayTokenId) is { } tokenId)
            {
                reason = await credentials.ActiveDisplayTokenAsync(tokenId, cancellationToken) is null ? $"display token {tokenId} revoked or expired" : null;
            }
            else if (principal?.Identity?.Name is { } name)
            {
                if (!users.TryGetValue(name, out var user))
                {
                    users[name] = user = await store.FindUserAsync(name, cancellationToken);
                }

                reason = user is null || user.SecurityStamp != principal.FindFirstValue(IocClaims.SecurityStamp) ? $"account {name} removed or changed"
                    : !sessions.WithinLifetime(principal) ? $"session of {name} reached its absolute lifetime"
                    : !await sessions.IsOpenAsync(principal.FindFirstValue(IocClaims.SessionId)!, TimeSpan.Zero, cancellationToken) ? $"session of {name} signed out"
                    : null;
            }

            if (reason is not null)
            {
                LogDropped(context.ConnectionId, reason);
                connections.Closed(context.ConnectionId);
                context.Abort();
            }
        }
    }

    [LoggerMessage(LogLevel.Information, "Dropped live connection {ConnectionId}: {Reason}")]
    private partial void LogDropped(string connectionId, string reason);

    [LoggerMessage(LogLevel.Warning, "Could not check live connections for revoked credentials")]
    private partial void LogSweepFailed(Exception ex);
}
