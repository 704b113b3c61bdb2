using Ioc.Core.Storage;

namespace Ioc.Core.Tests.Storage;

public class DownsamplerTests
{
    private const long Second = 1_000_000_000;
    private const long Start = 1_748_736_000 * Second;

    // Six ten-second buckets from Start.
    private static readonly BucketPlan Plan = new(10 * Second, Start, 6);

    // Bucket 0: 1, 5, 3 (last by time is 3 at +3 s); bucket 2: 4; bucket 5: 7 at +55 s then -2 at +59 s, given out of order.
    private static readonly (long Timestamp, double Value)[] Points =
    [
        (Start + (3 * Second), 3),
        (Start + (1 * Second), 1),
        (Start + (2 * Second), 5),
        (Start + (25 * Second), 4),
        (Start + (59 * Second), -2),
        (Start + (55 * Second), 7),
    ];

    private static IReadOnlyList<BucketValue> Aggregate(Aggregation aggregation) => Downsampler.Aggregate(Points, Plan, aggregation);

    [Fact]
    public void Aggregate_Mean_AveragesEachBucket()
    {
        Assert.Equal([new(Start, 3), new(Start + (20 * Second), 4), new(Start + (50 * Second), 2.5)], Aggregate(Aggregation.Mean));
    }

    [Fact]
    public void Aggregate_Min_TakesTheSmallest()
    {
        Assert.Equal([new(Start, 1), new(Start + (20 * Second), 4), new(Start + (50 * Second), -2)], Aggregate(Aggregation.Min));
    }

    [Fact]
    public void Aggregate_Max_TakesTheLargest()
    {
        Assert.Equal([new(Start, 5), new(Start + (20 * Second), 4), new(Start + (50 * Second), 7)], Aggregate(Aggregation.Max));
    }

    [Fact]
    public void Aggregate_Last_TakesTheNewestByTime_NotByOrder()
    {
        Assert.Equal([new(Start, 3), new(Start + (20 * Second), 4), new(Start + (50 * Second), -2)], Aggregate(Aggregation.Last));
    }

    [Fact]
    public void Aggregate_Sum_AddsEachBucket()
    {
        Assert.Equal([new(Start, 9), new(Start + (20 * Second), 4), new(Start + (50 * Second), 5)], Aggregate(Aggregation.Sum));
    }

    [Fact]
    public void Aggregate_Max_OfNegativeValues_IsNegative()
    {
        var result = Downsampler.Aggregate([(Start, -5), (Start + 1, -3)], Plan, Aggregation.Max);

        Assert.Equal([new BucketValue(Start, -3)], result);
    }

    [Fact]
    public void Aggregate_OmitsEmptyBuckets()
    {
        var result = Aggregate(Aggregation.Mean);

        Assert.Equal([Start, Start + (20 * Second), Start + (50 * Second)], result.Select(b => b.Timestamp));
    }

    [Fact]
    public void Aggregate_ReturnsNothing_ForNoPoints()
    {
        Assert.Empty(Downsampler.Aggregate([], Plan, Aggregation.Mean));
    }

    [Fact]
    public void Aggregate_IgnoresPointsOutsideThePlan()
    {
        var result = Downsampler.Aggregate([(Start - 1, 100), (Start, 1), (Start + (60 * Second), 100)], Plan, Aggregation.Sum);

        Assert.Equal([new BucketValue(Start, 1)], result);
    }

    [Fact]
    public void Aggregate_StampsBucketsWithTheirStart_InAPlanFromCreate()
    {
        var plan = BucketPlan.Create(Start + (7 * Second), Start + (67 * Second), 6);

        var result = Downsampler.Aggregate([(Start + (7 * Second), 1), (Start + (66 * Second), 2)], plan, Aggregation.Last);

        Assert.Equal([new BucketValue(Start, 1), new BucketValue(Start + (60 * Second), 2)], result);
    }

    [Fact]
    public void Aggregate_Throws_ForAnUnknownAggregation()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Downsampler.Aggregate([(Start, 1)], Plan, (Aggregation)99));
    }
}
