using Ioc.Core.Collecting;
using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;

namespace Ioc.Core.Tests.Collecting;

/// <summary>Retries within one run: transient failures are asked again, within the timeout; others are not.</summary>
public class CollectorRetryTests
{
    private static readonly DateTimeOffset Slot = FixedClock.DefaultNow.AddMinutes(-10);

    private readonly RecordingMetricStore _store = new();
    private readonly CollectorStatusBoard _status = new();

    private sealed class ScriptedCollector(params Exception?[] failures) : ICollector
    {
        public int Attempts { get; private set; }

        public Task<IReadOnlyList<MetricPoint>> CollectAsync(CollectContext context, CancellationToken cancellationToken)
        {
            var failure = Attempts < failures.Length ? failures[Attempts] : null;
            Attempts++;
            return failure is null
                ? Task.FromResult<IReadOnlyList<MetricPoint>>([new MetricPoint("dvc_records", [new Tag("unit", "HT")], [new Field("received", 12)], context.Timestamp)])
                : Task.FromException<IReadOnlyList<MetricPoint>>(failure);
        }
    }

    private sealed class FixedKind(ICollector collector) : ICollectorKind
    {
        public string Name => "test";

        public ICollector Create(CollectorDefinition definition) => collector;
    }

    private CollectorRunner Runner(ICollector collector, int retries = CollectorDefinition.DefaultRetries, TimeSpan? timeout = null)
    {
        var definition = new CollectorDefinition
        {
            Id = "portal",
            Name = "portal",
            Kind = "test",
            Schedule = "*/5 * * * *",
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Retries = retries,
            Spec = [],
            Source = "collectors/portal.yaml",
        };
        var catalog = CollectorCatalog.Build([definition], [new FixedKind(collector)]);
        var pipeline = new MetricPipeline(_store, new RecordingPublisher(), new MetricValidator(new FixedClock(), TimeSpan.FromDays(1)), new ListLogger<MetricPipeline>());
        return new CollectorRunner(catalog, pipeline, _status, new ListLogger<CollectorRunner>());
    }

    private static CollectorException Transient(string message) => new(message) { Transient = true };

    [Fact]
    public async Task TwoTransientFailures_ThenAnAnswer_IsOneSucceededRun()
    {
        var collector = new ScriptedCollector(Transient("GET /records answered 503"), Transient("connection reset"));

        var result = await Runner(collector).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Succeeded, result.Outcome);
        Assert.Equal(3, collector.Attempts);
        Assert.Single(_store.Points);
        Assert.Equal(1, _status.Get("portal").Runs);
    }

    [Fact]
    public async Task TransientFailures_BeyondTheRetries_FailTheRun_SayingHowManyAttempts()
    {
        var collector = new ScriptedCollector(Transient("answered 503"), Transient("answered 503"), Transient("answered 503"), null);

        var result = await Runner(collector, retries: 2).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(3, collector.Attempts);
        Assert.Equal("answered 503 (after 3 attempts)", result.Error);
        Assert.Empty(_store.Points);
    }

    [Fact]
    public async Task RetriesZero_TriesOnce()
    {
        var collector = new ScriptedCollector(Transient("answered 503"), null);

        var result = await Runner(collector, retries: 0).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(1, collector.Attempts);
        Assert.Equal("answered 503", result.Error);
    }

    [Fact]
    public async Task AFailureThatIsNotTransient_IsNotAskedAgain()
    {
        var collector = new ScriptedCollector(new CollectorException("GET /records answered 404 Not Found"), null);

        var result = await Runner(collector).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.Equal(1, collector.Attempts);
    }

    [Fact]
    public async Task APermanentFailureAfterATransientOne_EndsTheRun_CountingBothAttempts()
    {
        var collector = new ScriptedCollector(Transient("answered 503"), new CollectorException("not valid JSON"), null);

        var result = await Runner(collector).RunAsync("portal", Slot);

        Assert.Equal(2, collector.Attempts);
        Assert.Equal("not valid JSON (after 2 attempts)", result.Error);
    }

    [Fact]
    public async Task Retries_StayWithinTheTimeout()
    {
        // After waits of up to 200 and 400 ms, a third wait of 400 ms or more would leave too little of the second.
        var collector = new ScriptedCollector([.. Enumerable.Repeat<Exception?>(Transient("answered 503"), 10)]);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var result = await Runner(collector, retries: 10, timeout: TimeSpan.FromSeconds(1)).RunAsync("portal", Slot);

        Assert.Equal(CollectorRunOutcome.Failed, result.Outcome);
        Assert.InRange(collector.Attempts, 2, 3);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"took {watch.Elapsed}");
        Assert.EndsWith($"(after {collector.Attempts} attempts)", result.Error, StringComparison.Ordinal);
    }
}
