using Ioc.Core.Metrics;
using Ioc.Core.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace Ioc.Core.Tests.Metrics;

public class MetricPipelineTests
{
    private static readonly long Timestamp = UnixTime.ToNanoseconds(FixedClock.DefaultNow.AddMinutes(-5));

    private readonly RecordingMetricStore _store = new();
    private readonly RecordingPublisher _publisher = new();
    private readonly ListLogger<MetricPipeline> _logger = new();

    private MetricPipeline Pipeline() => new(_store, _publisher, new MetricValidator(new FixedClock(), TimeSpan.FromDays(1)), _logger);

    private static MetricPoint Point(double value, string unit = "HT") =>
        new("dvc_records", [new Tag("unit", unit)], [new Field("received", value)], Timestamp);

    [Fact]
    public async Task WriteAsync_StoresThenPublishesTheBatch()
    {
        IReadOnlyList<MetricPoint> points = [Point(1), Point(2, "CL")];

        await Pipeline().WriteAsync(points);

        Assert.Equal(points, Assert.Single(_store.Batches));
        Assert.Equal(points, Assert.Single(_publisher.Batches));
    }

    [Fact]
    public async Task WriteAsync_RejectsWholeBatch_WhenOnePointIsInvalid()
    {
        var ex = await Assert.ThrowsAsync<MetricValidationException>(() => Pipeline().WriteAsync([Point(1), Point(double.NaN, "CL"), Point(3)]));

        Assert.Empty(_store.Batches);
        Assert.Empty(_publisher.Batches);
        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("point 2 (dvc_records,unit=CL): field 'received'", error, StringComparison.Ordinal);
        Assert.Contains(error, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_ReportsEveryInvalidPoint()
    {
        var ex = await Assert.ThrowsAsync<MetricValidationException>(() => Pipeline().WriteAsync([Point(double.NaN), Point(1), Point(double.PositiveInfinity)]));

        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("point 1 ", ex.Errors[0], StringComparison.Ordinal);
        Assert.StartsWith("point 3 ", ex.Errors[1], StringComparison.Ordinal);
        Assert.StartsWith("2 invalid point(s)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_Succeeds_WhenPublisherFails()
    {
        _publisher.FailWith = new InvalidOperationException("hub down");

        await Pipeline().WriteAsync([Point(1)]);

        Assert.Single(_store.Batches);
        var warning = Assert.Single(_logger.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.IsType<InvalidOperationException>(warning.Exception);
        Assert.Contains("Stored 1 points", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_LetsCancellationOfPublishingThrough()
    {
        _publisher.FailWith = new OperationCanceledException();

        await Assert.ThrowsAsync<OperationCanceledException>(() => Pipeline().WriteAsync([Point(1)]));

        Assert.Single(_store.Batches);
    }

    [Fact]
    public async Task WriteAsync_PublishesNothing_WhenStoreFails()
    {
        _store.FailWith = new IOException("disk full");

        await Assert.ThrowsAsync<IOException>(() => Pipeline().WriteAsync([Point(1)]));

        Assert.Empty(_publisher.Batches);
    }

    [Fact]
    public async Task WriteAsync_DoesNothing_ForAnEmptyBatch()
    {
        await Pipeline().WriteAsync([]);

        Assert.Empty(_store.Batches);
        Assert.Empty(_publisher.Batches);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task WriteValidatedAsync_DoesNothing_ForAnEmptyBatch()
    {
        await Pipeline().WriteValidatedAsync([]);

        Assert.Empty(_store.Batches);
        Assert.Empty(_publisher.Batches);
    }

    [Fact]
    public async Task WriteValidatedAsync_StoresAndPublishes()
    {
        await Pipeline().WriteValidatedAsync([Point(1)]);

        Assert.Single(_store.Batches);
        Assert.Single(_publisher.Batches);
    }
}
