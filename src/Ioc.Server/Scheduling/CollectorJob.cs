using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Hangfire.Storage;
using Ioc.Core.Collecting;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// The Hangfire jobs of collectors: one per schedule, collecting every collector on it, and one per "run now". A job
/// takes only a schedule or a collector id; the slot comes from the time the scheduler triggered it, so a repeated
/// delivery writes the same timestamps and overwrites. Before its own slot each collector runs the slots no job was
/// started for (<see cref="MissedSlots"/>), oldest first, as history.
/// Not retried by Hangfire: a retry later would stamp new readings with an old slot (the runner retries within the run).
/// </summary>
[AutomaticRetry(Attempts = 0)]
internal sealed partial class CollectorJob
{
    private readonly CollectorRunner _runner;
    private readonly CollectorCatalog _catalog;
    private readonly CollectorStatusBoard _status;
    private readonly JobStorage _storage;
    private readonly TimeProvider _clock;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<CollectorJob> _logger;

    public CollectorJob(CollectorRunner runner, CollectorCatalog catalog, CollectorStatusBoard status, JobStorage storage, TimeProvider clock, IOptions<SchedulingOptions> options, ILogger<CollectorJob> logger)
    {
        _storage = storage;
        _runner = runner;
        _catalog = catalog;
        _status = status;
        _clock = clock;
        _options = options;
        _logger = logger;
    }

    /// <summary>
    /// The recurring job of one schedule: every enabled collector on it, for the slot the job was triggered for, at most
    /// <see cref="SchedulingOptions.SlotConcurrency"/> at a time; each waits out its own jitter first, and each is held
    /// to one run at a time across nodes by its own lock.
    /// </summary>
    [DisplayName("collect every '{0}'")]
    public async Task SlotAsync(string schedule, PerformContext? context, CancellationToken cancellationToken)
    {
        if (!CronSchedule.TryParse(schedule, out var cron, out _))
        {
            LogBadSchedule(schedule);
            return;
        }

        var (triggered, scheduled) = CollectorSchedule.Trigger(context, _clock);
        var slot = cron!.SlotAtOrBefore(triggered);
        using var turns = new SemaphoreSlim(_options.Value.SlotConcurrency);
        var runs = _catalog.Definitions.Where(d => d.Enabled && d.Schedule == schedule).Select(async definition =>
        {
            await JitterAsync(definition, cancellationToken);
            await turns.WaitAsync(cancellationToken);
            try
            {
                using var connection = _storage.GetConnection();
                await RunLockedAsync(definition.Id, slot, scheduled: context is null || scheduled, connection, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The job storage may be down: this collector's slot is left to the catch-up, the others go on.
                LogCannotRun(definition.Id, slot, ex.Message);
            }
            finally
            {
                turns.Release();
            }
        });
        await Task.WhenAll(runs);
    }

    /// <summary>
    /// One collector: run now by an administrator (the current slot again, whatever the schedule did with it), or on
    /// its schedule when each collector has a job of its own (<see cref="SchedulingOptions.JobPerCollector"/>).
    /// </summary>
    [DisplayName("collect {0}")]
    public async Task RunAsync(string collectorId, PerformContext? context, CancellationToken cancellationToken)
    {
        if (!_catalog.TryGet(collectorId, out var definition, out _) || !CronSchedule.TryParse(definition.Schedule, out var schedule, out _))
        {
            LogUnknown(collectorId);
            return;
        }

        var (triggered, scheduled) = CollectorSchedule.Trigger(context, _clock);
        var slot = schedule!.SlotAtOrBefore(triggered);
        await JitterAsync(definition, cancellationToken);
        if (context is null)
        {
            await _runner.RunAsync(collectorId, slot, cancellationToken);
            return;
        }

        await RunLockedAsync(collectorId, slot, scheduled, context.Connection, cancellationToken);
    }

    private async Task JitterAsync(CollectorDefinition definition, CancellationToken cancellationToken)
    {
        if (definition.Jitter > TimeSpan.Zero)
        {
            // Spread the sources' load; the slot, not the start, stamps the points.
            await Task.Delay(TimeSpan.FromTicks(Random.Shared.NextInt64(definition.Jitter.Ticks)), _clock, cancellationToken);
        }
    }

    private async Task RunLockedAsync(string collectorId, DateTimeOffset slot, bool scheduled, IStorageConnection connection, CancellationToken cancellationToken)
    {
        if (!_catalog.TryGet(collectorId, out var definition, out var collector) || !CronSchedule.TryParse(definition.Schedule, out var schedule, out _))
        {
            LogUnknown(collectorId);
            return;
        }

        // Across processes sharing one job storage, one run per collector at a time; later ones are skipped, and counted.
        IDisposable distributedLock;
        try
        {
            distributedLock = connection.AcquireDistributedLock($"ioc:collector:{collectorId}", TimeSpan.Zero);
        }
        catch (DistributedLockTimeoutException)
        {
            LogSkipped(collectorId, slot);
            if (scheduled && schedule!.SlotAtOrBefore(_clock.GetUtcNow()) == slot)
            {
                // Not missed: the next run need not collect it afterwards. A late job's slot is left to the catch-up.
                CollectorSlotMarks.SetSkipped(connection, collectorId, slot);
            }

            _status.Record(new CollectorRunResult(collectorId, slot, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero, "another run of this collector was still going"));
            return;
        }

        using (distributedLock)
        {
            if (!scheduled)
            {
                await _runner.RunAsync(collectorId, slot, cancellationToken);
                return;
            }

            var last = CollectorSlotMarks.Last(connection, collectorId);
            if (last >= slot)
            {
                // A second job for a slot already run (a manual trigger in the same second, a late delivery).
                _status.Record(new CollectorRunResult(collectorId, slot, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero, "this slot was already run"), replay: true);
                return;
            }

            var now = _clock.GetUtcNow();
            var replayable = collector as IReplayableCollector;
            var missed = MissedSlots.Between(schedule!, last, slot, now, replayable?.ReplayWindow ?? TimeSpan.Zero, _options.Value.CatchUpLimit);
            await CatchUpAsync(collectorId, slot, missed, cancellationToken);

            // A run that starts once a newer slot is due is history too: the newer slot's run brings the live figure.
            var stale = replayable is not null && schedule!.SlotAtOrBefore(now) > slot;
            await _runner.RunAsync(collectorId, slot, replay: stale, cancellationToken);
            CollectorSlotMarks.SetRun(connection, collectorId, slot);
        }
    }

    private async Task CatchUpAsync(string collectorId, DateTimeOffset slot, MissedSlots missed, CancellationToken cancellationToken)
    {
        if (missed.MissedBeyond > 0)
        {
            _status.Record(
                new CollectorRunResult(collectorId, missed.Missed.Count > 0 ? missed.Missed[0] : slot, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero,
                    $"{missed.MissedBeyond} older slots were missed while the scheduler could not run: {missed.Reason}"),
                replay: true);
        }

        foreach (var lost in missed.Missed)
        {
            _status.Record(
                new CollectorRunResult(collectorId, lost, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero, $"missed while the scheduler could not run: {missed.Reason}"),
                replay: true);
        }

        if (missed.Missed.Count > 0)
        {
            LogMissed(collectorId, missed.Missed.Count + missed.MissedBeyond, missed.Reason ?? "");
        }

        foreach (var past in missed.Replay)
        {
            await _runner.RunAsync(collectorId, past, replay: true, cancellationToken);
        }

        if (missed.Replay.Count > 0)
        {
            LogCaughtUp(collectorId, missed.Replay.Count, missed.Replay[0], missed.Replay[^1]);
        }
    }

    [LoggerMessage(LogLevel.Error, "Scheduled job for '{Schedule}' is no cron expression; ignored")]
    private partial void LogBadSchedule(string schedule);

    [LoggerMessage(LogLevel.Warning, "Collector {CollectorId} could not run for {Slot:o}; its slot is left to the catch-up: {Reason}")]
    private partial void LogCannotRun(string collectorId, DateTimeOffset slot, string reason);

    [LoggerMessage(LogLevel.Warning, "Scheduled collector {CollectorId} is no longer defined; run ignored")]
    private partial void LogUnknown(string collectorId);

    [LoggerMessage(LogLevel.Information, "Skipped {CollectorId} for {Slot:o}: a run holds its lock")]
    private partial void LogSkipped(string collectorId, DateTimeOffset slot);

    [LoggerMessage(LogLevel.Information, "Collected {Count} slots of {CollectorId} missed while the scheduler could not run, {From:o} to {To:o}")]
    private partial void LogCaughtUp(string collectorId, int count, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(LogLevel.Warning, "{Count} slots of {CollectorId} were missed while the scheduler could not run and cannot be collected: {Reason}")]
    private partial void LogMissed(string collectorId, int count, string reason);
}
