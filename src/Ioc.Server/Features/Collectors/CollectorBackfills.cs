using System.Collections.Concurrent;
using Ioc.Core.Collecting;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// Back-fills started by administrators on this node: every slot of a past window, oldest first, as history (not
/// pushed live), each slot once. One at a time per collector; progress is kept for the page to show.
/// </summary>
internal sealed partial class CollectorBackfills(CollectorCatalog catalog, CollectorRunner runner, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<CollectorBackfills> logger)
{
    /// <summary>A week of 5-second slots is 120,960; a back-fill beyond this many slots is refused (split the window).</summary>
    public const int MaxSlots = 20_000;

    private readonly ConcurrentDictionary<string, BackfillProgress> _progress = new(StringComparer.Ordinal);

    public BackfillProgress? Get(string collectorId) => _progress.GetValueOrDefault(collectorId);

    public (ActionStatus Status, string? Message) Start(string collectorId, DateTimeOffset from, DateTimeOffset to, string actor)
    {
        if (!catalog.TryGet(collectorId, out var definition, out var collector))
        {
            return (ActionStatus.Conflict, $"collector '{collectorId}' cannot run on this node now");
        }

        if (collector is not IReplayableCollector replayable || !CronSchedule.TryParse(definition.Schedule, out var schedule, out _))
        {
            return (ActionStatus.NotSupported, $"collector '{collectorId}' reads its source only as it is now: a past window cannot be collected (its spec has no as-of parameter)");
        }

        var now = clock.GetUtcNow();
        if (from >= to)
        {
            return (ActionStatus.Invalid, "from: must be before to");
        }

        if (to > now)
        {
            return (ActionStatus.Invalid, "to: must not be in the future");
        }

        if (from < now - replayable.ReplayWindow)
        {
            return (ActionStatus.Invalid, $"from: the source keeps {replayable.ReplayWindow.TotalDays:0.##} days (spec.replayWindow); start at {now - replayable.ReplayWindow:yyyy-MM-dd HH:mm} UTC or later");
        }

        var slots = new List<DateTimeOffset>();
        for (var next = schedule!.Next(from - TimeSpan.FromTicks(1)); next is { } slot && slot <= to; next = schedule.Next(slot))
        {
            if (slots.Count == MaxSlots)
            {
                return (ActionStatus.Invalid, $"to: the window holds more than {MaxSlots} slots of '{definition.Schedule}'; back-fill a shorter window");
            }

            slots.Add(slot);
        }

        if (slots.Count == 0)
        {
            return (ActionStatus.Invalid, "from: the window holds no slot of the schedule");
        }

        var progress = new BackfillProgress(collectorId, from, to, slots.Count, 0, 0, false, null, actor, now);
        if (_progress.TryGetValue(collectorId, out var running) && !running.Finished)
        {
            return (ActionStatus.Conflict, $"a back-fill of '{collectorId}' is running ({running.DoneSlots}/{running.TotalSlots})");
        }

        _progress[collectorId] = progress;
        _ = Task.Run(() => RunAsync(progress, slots, lifetime.ApplicationStopping));
        return (ActionStatus.Done, null);
    }

    private async Task RunAsync(BackfillProgress progress, List<DateTimeOffset> slots, CancellationToken stopping)
    {
        LogStarted(progress.CollectorId, slots.Count, progress.StartedBy);
        foreach (var slot in slots)
        {
            if (stopping.IsCancellationRequested)
            {
                break;
            }

            try
            {
                var result = await runner.RunAsync(progress.CollectorId, slot, replay: true, stopping);
                var failed = result.Outcome == CollectorRunOutcome.Failed;
                progress = progress with { DoneSlots = progress.DoneSlots + 1, FailedSlots = progress.FailedSlots + (failed ? 1 : 0), LastError = failed ? result.Error : progress.LastError };
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }

            _progress[progress.CollectorId] = progress;
        }

        _progress[progress.CollectorId] = progress with { Finished = true };
        LogFinished(progress.CollectorId, progress.DoneSlots, progress.TotalSlots, progress.FailedSlots);
    }

    [LoggerMessage(LogLevel.Information, "Back-fill of {CollectorId} started by {Actor}: {Slots} slots")]
    private partial void LogStarted(string collectorId, int slots, string actor);

    [LoggerMessage(LogLevel.Information, "Back-fill of {CollectorId} finished: {Done}/{Total} slots, {Failed} failed")]
    private partial void LogFinished(string collectorId, int done, int total, int failed);
}
