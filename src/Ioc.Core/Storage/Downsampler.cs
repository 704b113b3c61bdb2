namespace Ioc.Core.Storage;

/// <summary>
/// Reference arithmetic of bucket aggregation over points held in memory. Stores that cannot push the
/// aggregation down use it, and it is the yardstick the stores are tested against.
/// </summary>
public static class Downsampler
{
    /// <param name="points">(timestamp, value) pairs in any order, all inside the plan's range.</param>
    public static IReadOnlyList<BucketValue> Aggregate(IEnumerable<(long Timestamp, double Value)> points, BucketPlan plan, Aggregation aggregation)
    {
        ArgumentNullException.ThrowIfNull(points);
        var buckets = new Accumulator[plan.Count];
        foreach (var (timestamp, value) in points)
        {
            var i = plan.IndexOf(timestamp);
            if ((uint)i < (uint)buckets.Length)
            {
                buckets[i].Add(timestamp, value);
            }
        }

        var result = new List<BucketValue>(plan.Count);
        for (var i = 0; i < buckets.Length; i++)
        {
            if (buckets[i].Count > 0)
            {
                result.Add(new BucketValue(plan.FirstStart + i * plan.Width, buckets[i].Result(aggregation)));
            }
        }

        return result;
    }

    private struct Accumulator
    {
        private double _sum;
        private double _min;
        private double _max;
        private double _last;
        private long _lastTime;

        public int Count { get; private set; }

        public void Add(long timestamp, double value)
        {
            if (Count == 0)
            {
                _min = _max = value;
                _lastTime = long.MinValue;
            }

            Count++;
            _sum += value;
            _min = Math.Min(_min, value);
            _max = Math.Max(_max, value);
            if (timestamp >= _lastTime)
            {
                _lastTime = timestamp;
                _last = value;
            }
        }

        public readonly double Result(Aggregation aggregation) => aggregation switch
        {
            Aggregation.Mean => _sum / Count,
            Aggregation.Min => _min,
            Aggregation.Max => _max,
            Aggregation.Last => _last,
            Aggregation.Sum => _sum,
            _ => throw new ArgumentOutOfRangeException(nameof(aggregation)),
        };
    }
}
