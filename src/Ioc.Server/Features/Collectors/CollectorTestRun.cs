using System.Diagnostics;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;

namespace Ioc.Server.Features.Collectors;

/// <summary>
/// Runs a definition once as its next run would, and keeps what it collected to itself: nothing is stored, published
/// or acknowledged (a file stays where it is). Every point is checked as the store would check it.
/// </summary>
internal sealed class CollectorTestRun(MetricValidator validator, TimeProvider clock, SecretMask mask)
{
    public async Task<TestResult> RunAsync(CollectorDefinition definition, ICollectorKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(kind);
        var now = clock.GetUtcNow();
        var slot = CronSchedule.TryParse(definition.Schedule, out var schedule, out _) ? schedule!.SlotAtOrBefore(now) : now;
        var watch = Stopwatch.StartNew();
        IReadOnlyList<MetricPoint> points;
        try
        {
            var collector = kind.Create(definition);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(definition.Timeout);
            var context = new CollectContext(definition.Id, slot);
            try
            {
                points = collector is IAcknowledgedCollector acknowledged
                    ? (await acknowledged.CollectPendingAsync(context, timeout.Token)).Points
                    : await collector.CollectAsync(context, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed($"no answer within {definition.Timeout.TotalSeconds:0.###} s", watch);
            }
        }
        catch (DefinitionException ex)
        {
            return new TestResult([], 0, watch.Elapsed.TotalMilliseconds, DefinitionDocument.Problems(ex.Problems.Select(p => mask.Mask(p)), definition.Source), null);
        }
        catch (Exception ex) when (ex is CollectorException or HttpRequestException or MetricValidationException or IOException)
        {
            return Failed(ex.Message, watch);
        }

        for (var i = 0; i < points.Count; i++)
        {
            if (validator.Validate(points[i]) is { } reason)
            {
                return Failed($"point {i + 1} of {points.Count} would be refused by the store: {reason}", watch);
            }
        }

        return new TestResult([.. points.Take(CollectorAdministration.MaxTestPoints)], points.Count, watch.Elapsed.TotalMilliseconds, [], null);
    }

    // A source URL in the message must not carry its credentials to the page, nor an echoed secret.
    private TestResult Failed(string error, Stopwatch watch) => new([], 0, watch.Elapsed.TotalMilliseconds, [], mask.Mask(RedactedUrl.InText(error)));
}
