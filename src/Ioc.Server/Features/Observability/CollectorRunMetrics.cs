using Ioc.Core.Collecting;

namespace Ioc.Server.Features.Observability;

/// <summary>Counts every finished collector run, and the points a successful one stored, as the runner reports it.</summary>
internal sealed class CollectorRunMetrics(IocMetrics metrics, CollectorCatalog catalog) : ICollectorRunSink
{
    public void Add(CollectorRunResult result, bool replay)
    {
        ArgumentNullException.ThrowIfNull(result);
        metrics.CollectorRuns.WithLabels(result.CollectorId, Outcome(result.Outcome)).Inc();
        if (result.Outcome != CollectorRunOutcome.Skipped)
        {
            metrics.CollectorRunDuration.WithLabels(result.CollectorId).Observe(result.Duration.TotalSeconds);
        }

        if (result.Outcome == CollectorRunOutcome.Succeeded)
        {
            var kind = catalog.TryGet(result.CollectorId, out var definition, out _) ? definition.Kind : "collector";
            metrics.Ingested(kind, result.Points);
        }
    }

    private static string Outcome(CollectorRunOutcome outcome) => outcome switch
    {
        CollectorRunOutcome.Succeeded => "succeeded",
        CollectorRunOutcome.Failed => "failed",
        _ => "skipped",
    };
}
