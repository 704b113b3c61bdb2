using Ioc.Core.Collecting;
using Ioc.Core.Configuration;

namespace Ioc.Server.Features.Collectors;

/// <param name="LastScheduled">The newest run that was neither a replay nor skipped.</param>
/// <param name="LastSuccess">The newest slot a run collected.</param>
internal sealed record SourceJudgement(SourceState State, CollectorRunRecord? LastScheduled, DateTimeOffset? LastSuccess, TimeSpan Expected)
{
    /// <summary>Runs read to judge a source: far more than a failing streak or a replay burst at start.</summary>
    public const int RunsJudged = 200;

    /// <summary>A collector's state from its newest runs on every node (newest first, as the history lists them).</summary>
    public static SourceJudgement Of(CollectorDefinition definition, IReadOnlyList<CollectorRunRecord> recent, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(recent);
        var lastScheduled = recent.FirstOrDefault(r => !r.Replay && r.Outcome != CollectorRunOutcome.Skipped);
        var lastSuccess = recent.Where(r => r.Outcome == CollectorRunOutcome.Succeeded).Select(r => (DateTimeOffset?)r.Slot).Max();
        var expected = CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? SourceFreshness.Expected(definition, schedule!, now) : definition.Freshness ?? TimeSpan.FromDays(1);
        var state = SourceFreshness.Judge(definition.Enabled, lastScheduled?.Outcome == CollectorRunOutcome.Failed, lastSuccess, expected, now);
        return new SourceJudgement(state, lastScheduled, lastSuccess, expected);
    }
}
