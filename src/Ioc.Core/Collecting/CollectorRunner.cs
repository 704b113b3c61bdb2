using System.Collections.Concurrent;
using System.Diagnostics;
using Ioc.Core.Metrics;
using Microsoft.Extensions.Logging;

namespace Ioc.Core.Collecting;

public enum CollectorRunOutcome
{
    Succeeded,
    Failed,
    Skipped,
}

/// <param name="Measurements">The measurements a successful run stored, so a sink can tell which source writes what.</param>
public sealed record CollectorRunResult(
    string CollectorId, DateTimeOffset ScheduledTime, CollectorRunOutcome Outcome, int Points, TimeSpan Duration, string? Error, IReadOnlyList<string>? Measurements = null);

/// <summary>
/// Runs one collector for one schedule slot: collect under the definition's timeout, then write through the
/// pipeline. A run of a collector that is still running here is skipped, not stacked; a failing source is
/// logged with the collector and the reason and touches nothing else.
/// </summary>
public sealed partial class CollectorRunner
{
    private readonly CollectorCatalog _catalog;
    private readonly MetricPipeline _pipeline;
    private readonly CollectorStatusBoard _status;
    private readonly ILogger<CollectorRunner> _logger;
    private readonly SecretMask _mask;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _replaying = new(StringComparer.Ordinal);

    public CollectorRunner(CollectorCatalog catalog, MetricPipeline pipeline, CollectorStatusBoard status, ILogger<CollectorRunner> logger, SecretMask? mask = null)
    {
        _catalog = catalog;
        _pipeline = pipeline;
        _status = status;
        _logger = logger;
        _mask = mask ?? new SecretMask();
    }

    public Task<CollectorRunResult> RunAsync(string collectorId, DateTimeOffset scheduledTime, CancellationToken cancellationToken = default) =>
        RunAsync(collectorId, scheduledTime, replay: false, cancellationToken);

    /// <param name="replay">
    /// True for a past slot of a <see cref="IReplayableCollector"/>: stored as history, neither published live
    /// nor counted as the collector's last run.
    /// </param>
    public async Task<CollectorRunResult> RunAsync(string collectorId, DateTimeOffset scheduledTime, bool replay, CancellationToken cancellationToken = default)
    {
        if (!_catalog.TryGet(collectorId, out var definition, out var collector))
        {
            LogUnknown(collectorId);
            return new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Failed, 0, TimeSpan.Zero, $"no collector '{collectorId}' is defined");
        }

        if (collector is IManualCollector)
        {
            // Not recorded: a run that collects nothing must not pass for a current figure in the source's history.
            return new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero, $"figures of '{collectorId}' are entered at /admin/collectors/{collectorId}/entries, not collected");
        }

        var gate = _running.GetOrAdd(collectorId, _ => new SemaphoreSlim(1, 1));
        // A replay waits its turn. A scheduled run that finds the previous scheduled run still going is skipped,
        // but one that finds a replayed slot running waits for it (one slot, bounded by the timeout), so a long
        // replay does not starve the live figures.
        if (replay)
        {
            await gate.WaitAsync(cancellationToken);
            _replaying[collectorId] = true;
        }
        else if (!await gate.WaitAsync(0, cancellationToken))
        {
            if (!_replaying.GetValueOrDefault(collectorId) || !await gate.WaitAsync(definition.Timeout, cancellationToken))
            {
                LogSkipped(collectorId, scheduledTime);
                return Record(new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Skipped, 0, TimeSpan.Zero, "previous run still running"), replay);
            }
        }

        var watch = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(definition.Timeout);
            var context = new CollectContext(collectorId, scheduledTime);
            var (points, batch) = await CollectWithRetriesAsync(collector, definition, context, watch, timeout.Token, cancellationToken);
            await _pipeline.WriteAsync(points, publish: !replay, cancellationToken);
            if (batch is not null)
            {
                await AcknowledgeAsync(batch, cancellationToken);
            }

            LogCollected(points.Count, collectorId, scheduledTime, watch.ElapsedMilliseconds);
            IReadOnlyList<string> measurements = [.. points.Select(p => p.Measurement).Distinct(StringComparer.Ordinal)];
            return Record(new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Succeeded, points.Count, watch.Elapsed, null, measurements), replay);
        }
        catch (Exception ex) when (ex is CollectorException or MetricValidationException or HttpRequestException or Storage.StoreUnavailableException)
        {
            // Kinds name their source redacted already; this also covers what a library put in its message,
            // and a secret the source echoed back.
            var reason = _mask.Mask(RedactedUrl.InText(ex.Message));
            LogFailed(collectorId, scheduledTime, reason);
            return Record(new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Failed, 0, watch.Elapsed, reason), replay);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception's text may carry a source URL with its secrets: logged redacted, stack trace included.
            LogCrashed(collectorId, scheduledTime, _mask.Mask(RedactedUrl.InText(ex.ToString())));
            return Record(new CollectorRunResult(collectorId, scheduledTime, CollectorRunOutcome.Failed, 0, watch.Elapsed, _mask.Mask(RedactedUrl.InText(ex.Message))), replay);
        }
        finally
        {
            if (replay)
            {
                _replaying[collectorId] = false;
            }

            gate.Release();
        }
    }

    /// <summary>
    /// Collects, trying again after a transient failure as long as <see cref="CollectorDefinition.Retries"/> and the
    /// time left allow; a failure after several attempts says how many were made.
    /// </summary>
    private async Task<(IReadOnlyList<MetricPoint> Points, CollectedBatch? Batch)> CollectWithRetriesAsync(
        ICollector collector, CollectorDefinition definition, CollectContext context, Stopwatch watch, CancellationToken timeout, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (collector is IAcknowledgedCollector acknowledged)
                {
                    var batch = await acknowledged.CollectPendingAsync(context, timeout);
                    return (batch.Points, batch);
                }

                return (await collector.CollectAsync(context, timeout), null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CollectorException($"no answer within {definition.Timeout.TotalSeconds:0.###} s{Attempts(attempt)}");
            }
            catch (Exception ex) when (RetryBackoff.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var delay = RetryBackoff.Delay(attempt, Random.Shared.NextDouble());
                if (attempt > definition.Retries || !RetryBackoff.Fits(delay, definition.Timeout - watch.Elapsed))
                {
                    throw attempt == 1 ? ex : new CollectorException($"{ex.Message}{Attempts(attempt)}", ex);
                }

                LogRetrying(context.CollectorId, context.ScheduledTime, attempt, (long)delay.TotalMilliseconds, RedactedUrl.InText(ex.Message));
                try
                {
                    await Task.Delay(delay, timeout);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CollectorException($"no answer within {definition.Timeout.TotalSeconds:0.###} s{Attempts(attempt)}: {ex.Message}", ex);
                }
            }
            catch (Exception ex) when (attempt > 1 && ex is CollectorException or HttpRequestException)
            {
                throw new CollectorException($"{ex.Message}{Attempts(attempt)}", ex);
            }
        }
    }

    private static string Attempts(int attempts) => attempts == 1 ? "" : $" (after {attempts} attempts)";

    // Only after the store took every point: the source may now forget them (move the file, ack the message).
    private static async Task AcknowledgeAsync(CollectedBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await batch.AcknowledgeAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not CollectorException)
        {
            throw new CollectorException($"stored {batch.Points.Count} points, but the source could not be told so and will offer them again: {ex.Message}", ex);
        }
    }

    private CollectorRunResult Record(CollectorRunResult result, bool replay)
    {
        _status.Record(result, replay);
        return result;
    }

    [LoggerMessage(LogLevel.Information, "Collected {Count} points from {CollectorId} for {ScheduledTime:o} in {ElapsedMs} ms")]
    private partial void LogCollected(int count, string collectorId, DateTimeOffset scheduledTime, long elapsedMs);

    [LoggerMessage(LogLevel.Warning, "Collector {CollectorId} failed for {ScheduledTime:o}: {Reason}")]
    private partial void LogFailed(string collectorId, DateTimeOffset scheduledTime, string reason);

    [LoggerMessage(LogLevel.Error, "Collector {CollectorId} crashed for {ScheduledTime:o}: {Exception}")]
    private partial void LogCrashed(string collectorId, DateTimeOffset scheduledTime, string exception);

    [LoggerMessage(LogLevel.Information, "Collector {CollectorId} failed for {ScheduledTime:o} (attempt {Attempt}), trying again in {DelayMs} ms: {Reason}")]
    private partial void LogRetrying(string collectorId, DateTimeOffset scheduledTime, int attempt, long delayMs, string reason);

    [LoggerMessage(LogLevel.Information, "Skipped {CollectorId} for {ScheduledTime:o}: previous run still running")]
    private partial void LogSkipped(string collectorId, DateTimeOffset scheduledTime);

    [LoggerMessage(LogLevel.Error, "No collector {CollectorId} is defined; its schedule is stale")]
    private partial void LogUnknown(string collectorId);
}
