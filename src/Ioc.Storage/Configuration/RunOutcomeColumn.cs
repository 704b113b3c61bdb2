using Ioc.Core.Collecting;

namespace Ioc.Storage.Configuration;

/// <summary>How a run's outcome is written in the <c>outcome</c> column: fixed words, whatever the enum becomes.</summary>
internal static class RunOutcomeColumn
{
    public static string ToColumn(CollectorRunOutcome outcome) => outcome switch
    {
        CollectorRunOutcome.Succeeded => "succeeded",
        CollectorRunOutcome.Failed => "failed",
        CollectorRunOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown run outcome"),
    };

    public static CollectorRunOutcome FromColumn(string value) => value switch
    {
        "succeeded" => CollectorRunOutcome.Succeeded,
        "failed" => CollectorRunOutcome.Failed,
        "skipped" => CollectorRunOutcome.Skipped,
        _ => throw new InvalidOperationException($"Stored run outcome '{value}' is unknown to this build of Ioc"),
    };
}
