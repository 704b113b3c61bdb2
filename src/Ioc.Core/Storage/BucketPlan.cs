namespace Ioc.Core.Storage;

/// <summary>
/// How a range is cut into buckets for a chart. Widths are "nice" (1 s, 5 s, 1 min, 1 h …, then whole days) and
/// buckets are aligned to multiples of the width from the Unix epoch, as InfluxDB's GROUP BY time does, so a sliding
/// window keeps its bucket boundaries and the embedded and InfluxDB stores agree. The plan never has more buckets than
/// asked, and making one takes a bounded number of steps whatever the input: a range it cannot plan is refused with
/// <see cref="BucketPlanException"/>.
/// </summary>
public readonly record struct BucketPlan(long Width, long FirstStart, int Count)
{
    private const long Second = 1_000_000_000;
    private const long Day = 86_400 * Second;

    /// <summary>The widest whole-day width a <see cref="long"/> holds.</summary>
    private const long WidestDays = long.MaxValue / Day * Day;

    private static readonly long[] NiceWidths =
    [
        1_000_000, 10_000_000, 100_000_000,
        Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second,
        60 * Second, 2 * 60 * Second, 5 * 60 * Second, 10 * 60 * Second, 15 * 60 * Second, 30 * 60 * Second,
        3600 * Second, 2 * 3600 * Second, 3 * 3600 * Second, 6 * 3600 * Second, 12 * 3600 * Second,
        Day, 7 * Day,
    ];

    /// <param name="from">Inclusive start, Unix nanoseconds, not before the epoch.</param>
    /// <param name="to">Exclusive end, Unix nanoseconds.</param>
    /// <param name="maxBuckets">At least 1.</param>
    /// <exception cref="BucketPlanException">The range is empty, reversed, before the epoch, or no bucket width fits it.</exception>
    public static BucketPlan Create(long from, long to, int maxBuckets)
    {
        if (maxBuckets < 1)
        {
            throw new BucketPlanException(nameof(maxBuckets), $"at least one bucket is needed, not {maxBuckets}");
        }

        if (from < 0)
        {
            throw new BucketPlanException(nameof(from), $"range start {from} is before the Unix epoch");
        }

        if (to <= from)
        {
            throw new BucketPlanException(nameof(to), $"range end {to} is not after its start {from}");
        }

        // Both ends are at or after the epoch, so neither the span nor an aligned start can overflow.
        var span = to - from;
        var minimum = ((span - 1) / maxBuckets) + 1;
        foreach (var width in NiceWidths)
        {
            if (width >= minimum && Fits(from, to, width, maxBuckets) is { } plan)
            {
                return plan;
            }
        }

        // Past the nice widths, whole days: the narrowest that holds the span usually fits, or the next one up when
        // alignment adds a bucket. Failing those, the narrowest that must fit: n aligned buckets of width w cover any
        // span of at most (n - 1) * w + 1, and a single bucket must reach past the end from the epoch.
        var needed = maxBuckets == 1 ? to : ((span - 1) / (maxBuckets - 1)) + 1;
        var narrowest = DaysAtLeast(minimum);
        foreach (var width in new[] { narrowest, narrowest > 0 ? narrowest + Day : -1, DaysAtLeast(Math.Max(needed, minimum)), WidestDays })
        {
            if (width > 0 && width <= WidestDays && Fits(from, to, width, maxBuckets) is { } plan)
            {
                return plan;
            }
        }

        throw new BucketPlanException(nameof(to), $"no bucket width fits {maxBuckets} bucket(s) over the range {from} to {to}");
    }

    public long BucketStart(long timestamp) => AlignDown(timestamp, Width);

    public int IndexOf(long timestamp) => (int)((AlignDown(timestamp, Width) - FirstStart) / Width);

    /// <summary>The narrowest whole-day width of at least <paramref name="width"/>, or -1 when a long cannot hold it.</summary>
    private static long DaysAtLeast(long width) => width > WidestDays ? -1 : (((width - 1) / Day) + 1) * Day;

    private static BucketPlan? Fits(long from, long to, long width, int maxBuckets)
    {
        var first = AlignDown(from, width);
        var count = ((AlignDown(to - 1, width) - first) / width) + 1;
        return count <= maxBuckets ? new BucketPlan(width, first, (int)count) : null;
    }

    private static long AlignDown(long t, long width)
    {
        var r = t % width;
        return r < 0 ? t - r - width : t - r;
    }
}

/// <summary>A range that cannot be cut into buckets; <see cref="ArgumentException.ParamName"/> names the culprit.</summary>
public sealed class BucketPlanException(string paramName, string message) : ArgumentException(message, paramName);
