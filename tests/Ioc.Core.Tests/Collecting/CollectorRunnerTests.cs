using System.Text.Json.Nodes;
using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Ioc.Core.Tests.Collecting;

public class CollectorRunnerTests
{
    private static readonly DateTimeOffset Slot = FixedClock.DefaultNow.AddMinutes(-10);

    private readonly RecordingMetricStore _store = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly CollectorStatusBoard _status = new();
    private readonly ListLogger<CollectorRunner> _logger = new();

    private sealed class DelegateCollector(Func<CollectContext, CancellationToken, Task<IReadOnlyList<MetricPoint>>> collect) : ICollector
    {
        public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) => collect(context, cancellationToken);
    }

    private sealed class AcknowledgedCollector(IReadOnlyList<double> values, Exception? acknowledgeFails = null) : IAcknowledgedCollector
    {
        public List<CollectContext> Acknowledged { get; } = [];

        public int PlainCollects { get; private set; }

        public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
        {
            PlainCollects++;
            return Task.FromResult<IReadOnlyList<MetricPoint>>([.. values.Select(v => Point(context, v))]);
        }

        public Task<CollectedBatch> CollectPendingAsync(CollectContext context, CancellationToken cancellationToken) =>
            Task.FromResult(new CollectedBatch([.. values.Select(v => Point(context, v))], _ =>
            {
                if (acknowledgeFails is not null)
                {
                    throw acknowledgeFails;
                }

                Acknowledged.Add(context);
                return Task.CompletedTask;
            }));
    }

    private sealed class FixedKind(IReadOnlyDictionary<string, ICollector> collectors) : ICollectorKind
    {
        public string Name => "test";

        public ICollector Create(CollectorDefinition definition) => collectors[definition.Id];
    }

    private CollectorRunner Runner(IReadOnlyDictionary<string, ICollector> collectors, TimeSpan? timeout = null)
    {
        var definitions = collectors.Keys.Select(id => new CollectorDefinition
        {
            Id = id,
            Name = id,
            Kind = "test",
            Schedule = "*/5 * * * *",
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Spec = [],
            Source = $"collectors/{id}.yaml",
        });
        var catalog = CollectorCatalog.Build(definitions, [new FixedKind(collectors)]);
        var pipeline = new MetricPipeline(_store, _publisher, new MetricValidator(new FixedClock(), TimeSpan.FromDays(1)), new ListLogger<MetricPipeline>());
        return new CollectorRunner(catalog, pipeline, _status, _logger);
    }

    private CollectorRunner Runner(string id, ICollector collector, TimeSpan? timeout = null) =>
        Runner(new Dictionary<string, ICollector> { [id] = collector }, timeout);

    private static MetricPoint Point(CollectContext context, double value) =>
        new("dvc_records", [new Tag("unit", "HT")], [new Field("received", value)], context.Timestamp);

    private static DelegateCollector Returning(params double[] values) =>
        new DelegateCollector((context, _) => Task.FromResult<IReadOnlyList<MetricPoint>>([.. values.Select(v => Point(context, v))]));

    private static DelegateCollector Throwing(Exception ex) => new DelegateCollector((_, _) => Task.FromException<IReadOnlyList<MetricPoint>>(ex));

    [Fact]
    public async Task RunAsync_WritesCollectedPoints_StampedWithTheSlot()
    {
        CollectContext? seen = null;
        var collector = new DelegateCollector((context, _) =>
        {
            seen = context;
            return Task.FromResult<IReadOnlyList<MetricPoint>>([Point(context, 1), Point(context, 2)]);
        });

        var result = await Runner("portal", collector).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, result.Points);
        Assert.Null(result.Error);
        Assert.Equal(new CollectContext("portal", Slot), seen);
        Assert.Equal(2, _store.Points.Count);
        Assert.All(_store.Points, p => Assert.Equal(UnixTime.ToNanoseconds(Slot), p.Timestamp));
        Assert.Single(_publisher.Batches);
        var log = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Information, log.Level);
        Assert.Contains("Collected 2 points from portal", log.Message, StringComparison.Ordinal);
    }

    private sealed class EnteredByHand : IManualCollector
    {
        public ManualSeries Series { get; } = new("dti", [], PeriodGranularity.Year, [new ManualFigure("score", "Điểm DTI", null, 0, 1)]);

        public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a manual collector is never run");
    }

    [Fact]
    public async Task RunAsync_OfAManualCollector_IsSkipped_AndLeavesNoRunThatCouldPassForAFigure()
    {
        var result = await Runner("dti-index", new EnteredByHand()).RunAsync("dti-index", Slot);

        Assert.Equal(CollectorRunOutcome.Skipped, result.Outcome);
        Assert.Equal("figures of 'dti-index' are entered at /admin/collectors/dti-index/entries, not collected", result.Error);
        Assert.Null(_status.Get("dti-index").LastRun);
        Assert.Empty(_store.Points);
    }

    [Fact]
    public async Task RunAsync_AcknowledgesABatch_AfterItsPointsWereStored()
    {
        var collector = new AcknowledgedCollector([1, 2]);

        var result = await Runner("inbox", collector).RunAsync("inbox", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(2, _store.Points.Count);
        Assert.Equal([new CollectContext("inbox", Slot)], collector.Acknowledged);
        Assert.Equal(0, collector.PlainCollects);
    }

    [Fact]
    public async Task RunAsync_DoesNotAcknowledge_WhenTheStoreFails()
    {
        _store.FailWith = new IOException("disk full");
        var collector = new AcknowledgedCollector([1]);

        var result = await Runner("inbox", collector).RunAsync("inbox", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Empty(collector.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_DoesNotAcknowledge_WhenAPointIsInvalid()
    {
        var collector = new AcknowledgedCollector([1, double.PositiveInfinity]);

        var result = await Runner("inbox", collector).RunAsync("inbox", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Empty(_store.Batches);
        Assert.Empty(collector.Acknowledged);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenAcknowledgingFails_SayingThePointsWereStored()
    {
        var collector = new AcknowledgedCollector([1], new UnauthorizedAccessException("done/ is read-only"));

        var result = await Runner("inbox", collector).RunAsync("inbox", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Single(_store.Batches);
        Assert.Equal("stored 1 points, but the source could not be told so and will offer them again: done/ is read-only", result.Error);
        Assert.Equal(1, _status.Get("inbox").ConsecutiveFailures);
    }

    [Fact]
    public async Task RunAsync_Succeeds_WithNoPoints()
    {
        var result = await Runner("portal", Returning()).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(0, result.Points);
        Assert.Empty(_store.Batches);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheSourceCannotBeRead_AndLogsTheReason()
    {
        var result = await Runner("portal", Throwing(new CollectorException("HTTP 503 from portal"))).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal("HTTP 503 from portal", result.Error);
        Assert.Empty(_store.Batches);
        var log = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("portal", log.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 503 from portal", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheCollectorCrashes_AndLogsTheExceptionRedacted()
    {
        var crash = new InvalidOperationException("bug in collector reading https://user:pw@portal.example/api?token=s3cret");

        var result = await Runner("portal", Throwing(crash)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.StartsWith("bug in collector", result.Error, StringComparison.Ordinal);
        var log = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Error, log.Level);
        Assert.Contains("portal", log.Message, StringComparison.Ordinal);
        Assert.Contains("InvalidOperationException: bug in collector", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", log.Message + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("pw@", log.Message + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheCollectorThrowsSynchronously()
    {
        var collector = new DelegateCollector((_, _) => throw new CollectorException("bad config"));

        var result = await Runner("portal", collector).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal("bad config", result.Error);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheCollectorReturnsInvalidPoints_AndStoresNone()
    {
        var result = await Runner("portal", Returning(1, double.NaN)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Contains("field 'received'", result.Error, StringComparison.Ordinal);
        Assert.Empty(_store.Batches);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheStoreFails()
    {
        _store.FailWith = new IOException("disk full");

        var result = await Runner("portal", Returning(1)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal("disk full", result.Error);
    }

    [Fact]
    public async Task RunAsync_Succeeds_WhenOnlyLivePublishingFails()
    {
        _publisher.FailWith = new InvalidOperationException("hub down");

        var result = await Runner("portal", Returning(1)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Single(_store.Batches);
    }

    [Fact]
    public async Task RunAsync_FailingCollector_LeavesOtherCollectorsUnaffected()
    {
        var runner = Runner(new Dictionary<string, ICollector>
        {
            ["broken"] = Throwing(new InvalidOperationException("boom")),
            ["healthy"] = Returning(5),
        });

        var results = await Task.WhenAll(runner.RunAsync("broken", Slot), runner.RunAsync("healthy", Slot));
        var again = await runner.RunAsync("healthy", Slot.AddMinutes(5));

        Assert.Equal(CollectorRunOutcome.Failed, results[0].Outcome);
        Assert.Equal(CollectorRunOutcome.Succeeded, results[1].Outcome);
        Assert.Equal(CollectorRunOutcome.Succeeded, again.Outcome);
        Assert.Equal(2, _store.Batches.Count);
        Assert.Equal(0, _status.Get("healthy").ConsecutiveFailures);
        Assert.Equal(1, _status.Get("broken").ConsecutiveFailures);
    }

    [Fact]
    public async Task RunAsync_Fails_WhenTheSourceGivesNoAnswerWithinTheTimeout()
    {
        var collector = new DelegateCollector(async (_, cancellationToken) =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        });

        var result = await Runner("portal", collector, TimeSpan.FromMilliseconds(100)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal("no answer within 0.1 s", result.Error);
        Assert.Equal(1, _status.Get("portal").ConsecutiveFailures);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("no answer within", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ReleasesTheCollector_AfterATimeout()
    {
        var calls = 0;
        var collector = new DelegateCollector(async (context, cancellationToken) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return [Point(context, 1)];
        });
        var runner = Runner("portal", collector, TimeSpan.FromMilliseconds(100));

        await runner.RunAsync("portal", Slot);
        var second = await runner.RunAsync("portal", Slot.AddMinutes(5));

        Assert.Equal(CollectorRunOutcome.Succeeded, second.Outcome);
    }

    [Fact]
    public async Task RunAsync_Throws_WhenTheCallerCancels_AndRecordsNothing()
    {
        using var cancel = new CancellationTokenSource();
        var collector = new DelegateCollector(async (_, cancellationToken) =>
        {
            await cancel.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return [];
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner("portal", collector).RunAsync("portal", Slot, cancel.Token));

        Assert.Null(_status.Get("portal").LastRun);
    }

    [Fact]
    public async Task RunAsync_SkipsAnOverlappingRunOfTheSameCollector()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        var collector = new DelegateCollector(async (context, _) =>
        {
            Interlocked.Increment(ref calls);
            entered.TrySetResult();
            await release.Task;
            return [Point(context, 1)];
        });
        var runner = Runner("portal", collector);

        var first = runner.RunAsync("portal", Slot);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var overlapping = await runner.RunAsync("portal", Slot.AddMinutes(5));
        release.SetResult();
        var firstResult = await first;

        Assert.Equal(CollectorRunOutcome.Skipped, overlapping.Outcome);
        Assert.Equal("previous run still running", overlapping.Error);
        Assert.Equal(Slot.AddMinutes(5), overlapping.ScheduledTime);
        Assert.Equal(CollectorRunOutcome.Succeeded, firstResult.Outcome);
        Assert.Equal(1, calls);
        Assert.Single(_store.Batches);
        Assert.Contains(_logger.Entries, e => e.Message.StartsWith("Skipped portal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WaitsForAReplayedSlot_InsteadOfSkippingTheScheduledRun()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var collector = new DelegateCollector(async (context, _) =>
        {
            if (context.ScheduledTime == Slot)
            {
                entered.TrySetResult();
                await release.Task;
            }

            return [Point(context, 1)];
        });
        var runner = Runner("portal", collector);

        var replayed = runner.RunAsync("portal", Slot, replay: true);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var live = runner.RunAsync("portal", Slot.AddMinutes(10));
        await Task.Delay(100);
        Assert.False(live.IsCompleted, "the scheduled run did not wait for the replayed slot");
        release.SetResult();

        Assert.Equal(CollectorRunOutcome.Succeeded, (await replayed).Outcome);
        Assert.Equal(CollectorRunOutcome.Succeeded, (await live).Outcome);
        Assert.Equal(2, _store.Batches.Count);
    }

    [Fact]
    public async Task RunAsync_DoesNotSkip_RunsOfDifferentCollectors()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slow = new DelegateCollector(async (context, _) =>
        {
            await release.Task;
            return [Point(context, 1)];
        });
        var runner = Runner(new Dictionary<string, ICollector> { ["slow"] = slow, ["fast"] = Returning(2) });

        var slowRun = runner.RunAsync("slow", Slot);
        var fastResult = await runner.RunAsync("fast", Slot);
        release.SetResult();

        Assert.Equal(CollectorRunOutcome.Succeeded, fastResult.Outcome);
        Assert.Equal(CollectorRunOutcome.Succeeded, (await slowRun).Outcome);
    }

    [Fact]
    public async Task RunAsync_RunsAgain_AfterThePreviousRunFinished()
    {
        var runner = Runner("portal", Returning(1));

        await runner.RunAsync("portal", Slot);
        var second = await runner.RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, second.Outcome);
        Assert.Equal(2, _store.Batches.Count);
    }

    [Fact]
    public async Task RunAsync_Fails_ForAnUnknownCollector()
    {
        var result = await Runner("portal", Returning(1)).RunAsync("gone", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal("no collector 'gone' is defined", result.Error);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("gone", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RecordsConsecutiveFailures_AndResetsThemOnSuccess()
    {
        var fail = true;
        var collector = new DelegateCollector((context, _) => fail
            ? throw new CollectorException("down")
            : Task.FromResult<IReadOnlyList<MetricPoint>>([Point(context, 1)]));
        var runner = Runner("portal", collector);

        await runner.RunAsync("portal", Slot);
        await runner.RunAsync("portal", Slot.AddMinutes(5));
        var afterFailures = _status.Get("portal");
        fail = false;
        await runner.RunAsync("portal", Slot.AddMinutes(10));
        var afterSuccess = _status.Get("portal");

        Assert.Equal(2, afterFailures.ConsecutiveFailures);
        Assert.Null(afterFailures.LastSuccess);
        Assert.Equal("down", afterFailures.LastRun!.Error);
        Assert.Equal(0, afterSuccess.ConsecutiveFailures);
        Assert.Equal(Slot.AddMinutes(10), afterSuccess.LastSuccess);
    }
}
