using Ioc.Core.Access;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Access;

/// <summary>
/// Hourly, forgets sign-in failures older than <see cref="AccessOptions.LockoutForgetAfter"/>, so names made up by
/// guessers do not pile up in the configuration store. Every process may do it; a second run finds nothing.
/// </summary>
internal sealed partial class SignInFailurePruner(IAccessStore store, TimeProvider clock, IOptions<AccessOptions> options, ILogger<SignInFailurePruner> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do
        {
            try
            {
                var pruned = await store.PruneSignInFailuresAsync(clock.GetUtcNow() - options.Value.LockoutForgetAfter, stoppingToken);
                LogPruned(pruned);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Forgot {Count} old sign-in failure counts")]
    private partial void LogPruned(int count);

    [LoggerMessage(LogLevel.Warning, "Could not forget old sign-in failure counts; trying again in an hour")]
    private partial void LogPruneFailed(Exception exception);
}
