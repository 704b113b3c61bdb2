namespace Ioc.Server.Access;

/// <summary>Hourly, deletes the rows of sessions that ended, expired or went idle; every process may do it.</summary>
internal sealed partial class SessionPruner(SessionRegistry sessions, ILogger<SessionPruner> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        do
        {
            try
            {
                LogPruned(await sessions.PruneAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPruneFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(LogLevel.Debug, "Pruned {Count} ended, expired or idle sessions")]
    private partial void LogPruned(int count);

    [LoggerMessage(LogLevel.Warning, "Could not prune sessions: the configuration store does not answer")]
    private partial void LogPruneFailed(Exception ex);
}
