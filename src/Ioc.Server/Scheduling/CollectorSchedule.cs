using Hangfire;
using Hangfire.Server;

namespace Ioc.Server.Scheduling;

/// <summary>How a schedule becomes a Hangfire recurring job, and how a job finds the slot it stands for.</summary>
internal static class CollectorSchedule
{
    /// <summary>
    /// Relaxed misfire handling: after the scheduler could not run (its storage was down), one job is triggered, not
    /// one per missed occurrence (Strict), which a day's outage of a 5-second collector would make 17,280 jobs, run in
    /// parallel by different workers. That one job runs the slots missed meanwhile itself, in order (<see cref="MissedSlots"/>).
    /// </summary>
    public static RecurringJobOptions JobOptions() => new() { TimeZone = TimeZoneInfo.Utc, MisfireHandling = MisfireHandlingMode.Relaxed };

    /// <summary>
    /// When the job was triggered, and whether by its recurring job (on schedule, or at start-up) rather than enqueued
    /// on its own (run now): Hangfire's "Time" parameter (whole Unix seconds) is set on the jobs a recurring job
    /// triggers; another job stands for when it was created, else now.
    /// </summary>
    public static (DateTimeOffset At, bool Scheduled) Trigger(PerformContext? context, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        if (context is null)
        {
            return (clock.GetUtcNow(), false);
        }

        // Set when the job is created and never changed: the copy fetched with the job serves, where the storage keeps one.
        if (context.GetJobParameter<long?>("Time", allowStale: true) is { } seconds)
        {
            return (DateTimeOffset.FromUnixTimeSeconds(seconds), true);
        }

        var created = context.BackgroundJob.CreatedAt;
        return (created != default ? new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)) : clock.GetUtcNow(), false);
    }
}
