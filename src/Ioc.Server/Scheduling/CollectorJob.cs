using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Ioc.Core.Collecting;

namespace Ioc.Server.Scheduling;

/// <summary>
/// The Hangfire job of a collector. It takes only the collector id; the slot it stands for comes from the
/// time the scheduler created it, so a repeated delivery writes the same timestamps and overwrites.
/// Not retried: a retry later would stamp new readings with an old slot.
/// </summary>
[AutomaticRetry(Attempts = 0)]
internal sealed partial class CollectorJob
{
    private readonly CollectorRunner _runner;
    private readonly CollectorCatalog _catalog;
    private readonly TimeProvider _clock;
    private readonly ILogger<CollectorJob> _logger;

    public CollectorJob(CollectorRunner runner, CollectorCatalog catalog, TimeProvider clock, ILogger<CollectorJob> logger)
    {
        _runner = runner;
        _catalog = catalog;
        _clock = clock;
        _logger = logger;
    }

    [DisplayName("collect {0}")]
    public async Task RunAsync(string collectorId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (!_catalog.TryGet(collectorId, out var definition, out _) || !CronSchedule.TryParse(definition.Schedule, out var schedule, out _))
        {
            LogUnknown(collectorId);
            return;
        }

        var created = context?.BackgroundJob.CreatedAt is { } c ? new DateTimeOffset(DateTime.SpecifyKind(c, DateTimeKind.Utc)) : _clock.GetUtcNow();
        var slot = schedule!.SlotAtOrBefore(created);
        if (definition.Jitter > TimeSpan.Zero)
        {
            // Spread the sources' load; the slot, not the start, stamps the points.
            await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(definition.Jitter.Ticks)), _clock, cancellationToken);
        }

        // Across processes sharing one job storage, one run per collector at a time; later ones are skipped.
        IDisposable? distributedLock = null;
        if (context is not null)
        {
            try
            {
                distributedLock = context.Connection.AcquireDistributedLock($"ioc:collector:{collectorId}", TimeSpan.Zero);
            }
            catch (DistributedLockTimeoutException)
            {
                LogSkipped(collectorId, slot);
                return;
            }
        }

        using (distributedLock)
        {
            await _runner.RunAsync(collectorId, slot, cancellationToken);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Scheduled collector {CollectorId} is no longer defined; run ignored")]
    private partial void LogUnknown(string collectorId);

    [LoggerMessage(LogLevel.Information, "Skipped {CollectorId} for {Slot:o}: a run holds its lock")]
    private partial void LogSkipped(string collectorId, DateTimeOffset slot);
}
