namespace Ioc.Core.Storage;

/// <summary>
/// How a range is cut into buckets for a chart. Widths are "nice" (1 s, 5 s, 1 min, 1 h …) and buckets are
/// aligned to multiples of the width from the Unix epoch, as InfluxDB's GROUP BY time does, so a sliding window
/// keeps its bucket boundaries and the embedded and InfluxDB stores agree. The plan never has more buckets than asked.
/// </summary>
public readonly record struct BucketPlan(long Width, long FirstStart, int Count)
{
    private const long Second = 1_000_000_000;

    private static readonly long[] NiceWidths =
    [
        1_000_000, 10_000_000, 100_000_000,
        Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second,
        60 * Second, 2 * 60 * Second, 5 * 60 * Second, 10 * 60 * Second, 15 * 60 * Second, 30 * 60 * Second,
        3600 * Second, 2 * 3600 * Second, 3 * 3600 * Second, 6 * 3600 * Second, 12 * 3600 * Second,
        86_400 * Second, 7 * 86_400 * Second,
    ];

    /// <param name="from">Inclusive start, Unix nanoseconds.</param>
    /// <param name="to">Exclusive end, Unix nanoseconds.</param>
    /// <param name="maxBuckets">At least 1.</param>
    public static BucketPlan Create(long from, long to, int maxBuckets)
    {
        if (to <= from)
        {
            throw new ArgumentException($"range end {to} is not after its start {from}", nameof(to));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxBuckets, 1);
        var range = to - from;
        var minimum = (range + maxBuckets - 1) / maxBuckets;
        var width = NiceWidths.FirstOrDefault(w => w >= minimum);
        if (width == 0)
        {
            var day = 86_400 * Second;
            width = (minimum + day - 1) / day * day;
        }

        while (true)
        {
            var first = AlignDown(from, width);
            var last = AlignDown(to - 1, width);
            var count = (last - first) / width + 1;
            if (count <= maxBuckets)
            {
                return new BucketPlan(width, first, (int)count);
            }

            width = NextWidth(width);
        }
    }

    public long BucketStart(long timestamp) => AlignDown(timestamp, Width);

    public int IndexOf(long timestamp) => (int)((AlignDown(timestamp, Width) - FirstStart) / Width);

    private static long AlignDown(long t, long width)
    {
        var r = t % width;
        return r < 0 ? t - r - width : t - r;
    }

    private static long NextWidth(long width)
    {
        foreach (var w in NiceWidths)
        {
            if (w > width)
            {
                return w;
            }
        }

        return width + 86_400 * Second;
    }
}
