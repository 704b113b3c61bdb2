using Ioc.Core.Collecting;
using Ioc.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Ioc.Server.Scheduling;

/// <summary>
/// Once the server listens, collects the recent past from sources that answer as of a time: the slots
/// missed while Ioc was down, and on a first start enough history for the wall's charts to mean something.
/// Replayed slots are stored as history and not pushed live; their figures are those of their own time.
/// </summary>
internal sealed partial class CollectorReplay : BackgroundService
{
    internal const int GiveUpAfter = 3;

    private readonly CollectorCatalog _catalog;
    private readonly CollectorRunner _runner;
    private readonly TimeProvider _clock;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly IOptions<SchedulingOptions> _options;
    private readonly ILogger<CollectorReplay> _logger;

    public CollectorReplay(CollectorCatalog catalog, CollectorRunner runner, TimeProvider clock, IHostApplicationLifetime lifetime, IOptions<SchedulingOptions> options, ILogger<CollectorReplay> logger)
    {
        _catalog = catalog;
        _runner = runner;
        _clock = clock;
        _lifetime = lifetime;
        _options = options;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var window = _options.Value.ReplayOnStart;
        if (window <= TimeSpan.Zero)
        {
            return;
        }

        // The sources may be served by this very process (the simulator): wait until it listens.
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (_lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }

        var now = _clock.GetUtcNow();
        foreach (var definition in _catalog.Definitions.Where(d => d.Enabled))
        {
            if (!_catalog.TryGet(definition.Id, out _, out var collector) || collector is not IReplayableCollector replayable ||
                !CronSchedule.TryParse(definition.Schedule, out var schedule, out _))
            {
                continue;
            }

            var slots = ReplaySlots(schedule!, now, TimeSpan.FromTicks(Math.Min(window.Ticks, replayable.ReplayWindow.Ticks)), _options.Value.ReplayStep);
            var (done, failed, lastError) = await ReplayAsync(slots, slot => _runner.RunAsync(definition.Id, slot, replay: true, stoppingToken));
            if (done < slots.Count)
            {
                LogGaveUp(definition.Id, GiveUpAfter, lastError ?? "");
            }

            LogReplayed(definition.Id, done, failed);
        }
    }

    /// <summary>
    /// Runs the slots oldest first and stops after <see cref="GiveUpAfter"/> failures in a row: a source that
    /// is down would otherwise cost a timeout per slot.
    /// </summary>
    internal static async Task<(int Done, int Failed, string? LastError)> ReplayAsync(IReadOnlyList<DateTimeOffset> slots, Func<DateTimeOffset, Task<CollectorRunResult>> run)
    {
        int done = 0, failed = 0, inARow = 0;
        string? lastError = null;
        foreach (var slot in slots)
        {
            var result = await run(slot);
            done++;
            var didFail = result.Outcome == CollectorRunOutcome.Failed;
            failed += didFail ? 1 : 0;
            inARow = didFail ? inARow + 1 : 0;
            lastError = result.Error ?? lastError;
            if (inARow >= GiveUpAfter)
            {
                break;
            }
        }

        return (done, failed, lastError);
    }

    /// <summary>Schedule slots in (now - window, now), at most one per <paramref name="step"/>, oldest first.</summary>
    internal static IReadOnlyList<DateTimeOffset> ReplaySlots(CronSchedule schedule, DateTimeOffset now, TimeSpan window, TimeSpan step)
    {
        var slots = new List<DateTimeOffset>();
        var from = now - window;
        for (var next = schedule.Next(from); next is { } slot && slot < now; next = schedule.Next(slot + step - TimeSpan.FromTicks(1)))
        {
            slots.Add(slot);
        }

        return slots;
    }

    [LoggerMessage(LogLevel.Warning, "Gave up replaying {CollectorId} after {Failures} failures in a row: {Reason}")]
    private partial void LogGaveUp(string collectorId, int failures, string reason);

    [LoggerMessage(LogLevel.Information, "Replayed {Slots} past slots of {CollectorId} ({Failed} failed)")]
    private partial void LogReplayed(string collectorId, int slots, int failed);
}
