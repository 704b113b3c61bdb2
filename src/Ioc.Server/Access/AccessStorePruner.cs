using Ioc.Core.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// Hourly, keeps the configuration store from filling with what nobody will read again: sign-in failure counts
/// older than <see cref="AccessOptions.LockoutForgetAfter"/> (names made up by guessers) and the rows of sessions that
/// ended, expired or went idle. Every process may do it; a second run finds nothing. One failing does not stop the other.
/// </summary>
internal sealed partial class AccessStorePruner(
    IAccessStore store, SessionRegistry sessions, TimeProvider clock, IOptions<AccessOptions> options, ILogger<AccessStorePruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                LogForgotFailures(await store.PruneSignInFailuresAsync(clock.GetUtcNow() - options.Value.LockoutForgetAfter, stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex, "old sign-in failure counts");
            }

            try
            {
                LogPrunedSessions(await sessions.PruneAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex, "ended, expired or idle sessions");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Forgot {Count} old sign-in failure counts")]
    private partial void LogForgotFailures(int count);

    [LoggerMessage(LogLevel.Debug, "Pruned {Count} ended, expired or idle sessions")]
    private partial void LogPrunedSessions(int count);

    [LoggerMessage(LogLevel.Warning, "Could not prune {What}: the configuration store does not answer; trying again in an hour")]
    private partial void LogPruneFailed(Exception exception, string what);
}
