using Ioc.Core.Collecting;

namespace Ioc.Server.Scheduling;

/// <summary>
/// The slots of a collector for which no run was started: those strictly between the last slot run and the slot of
/// the run now starting, for example while the job storage (PostgreSQL) was down and Hangfire could trigger nothing.
/// Those the source can still answer for are run afterwards, oldest first, each once; the rest are counted as missed.
/// </summary>
/// <param name="Replay">Slots to run now, as history, oldest first.</param>
/// <param name="Missed">Slots that cannot be collected any more, newest <see cref="Limit"/> of them, oldest first.</param>
/// <param name="MissedBeyond">Missed slots older still, counted only.</param>
internal sealed record MissedSlots(IReadOnlyList<DateTimeOffset> Replay, IReadOnlyList<DateTimeOffset> Missed, int MissedBeyond, string? Reason)
{
    /// <summary>
    /// A gap longer than this is no outage: the collector was not scheduled (disabled, paused, removed and defined again),
    /// and nothing is caught up or counted for it.
    /// </summary>
    public static readonly TimeSpan LongestGap = TimeSpan.FromDays(7);

    public static MissedSlots None { get; } = new([], [], 0, null);

    public int Limit { get; private init; }

    /// <param name="lastRun">The slot of the last run started, if any is known.</param>
    /// <param name="slot">The slot of the run now starting.</param>
    /// <param name="replayWindow">How far back the source answers as of a time; zero for a source that answers only as of now.</param>
    /// <param name="limit">At most this many slots are run; older ones are counted as missed.</param>
    public static MissedSlots Between(CronSchedule schedule, DateTimeOffset? lastRun, DateTimeOffset slot, DateTimeOffset now, TimeSpan replayWindow, int limit)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (lastRun is not { } last || last >= slot || slot - last > LongestGap)
        {
            return None;
        }

        var answerableFrom = now - replayWindow;
        var replay = new Queue<DateTimeOffset>();
        var missed = new Queue<DateTimeOffset>();
        var missedBeyond = 0;
        var tooOld = false;
        var overLimit = false;
        for (var next = schedule.Next(last); next is { } s && s < slot; next = schedule.Next(s))
        {
            var lost = s;
            if (replayWindow > TimeSpan.Zero && s >= answerableFrom)
            {
                replay.Enqueue(s);
                if (replay.Count <= limit)
                {
                    continue;
                }

                // Keep the newest: the oldest of the ones to replay becomes missed.
                overLimit = true;
                lost = replay.Dequeue();
            }
            else
            {
                tooOld |= replayWindow > TimeSpan.Zero;
            }

            missed.Enqueue(lost);
            if (missed.Count > limit)
            {
                missed.Dequeue();
                missedBeyond++;
            }
        }

        if (replay.Count == 0 && missed.Count == 0)
        {
            return None;
        }

        var reason = missed.Count == 0 ? null
            : replayWindow <= TimeSpan.Zero ? "the source answers only as of now, not as of a past slot"
            : overLimit ? $"more than {limit} slots were missed; the newest {limit} were collected afterwards"
            : tooOld ? $"older than the source's replay window ({replayWindow})"
            : null;
        return new MissedSlots([.. replay], [.. missed], missedBeyond, reason) { Limit = limit };
    }
}
