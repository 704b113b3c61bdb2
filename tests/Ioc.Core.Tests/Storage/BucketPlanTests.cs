using Ioc.Core.Storage;

namespace Ioc.Core.Tests.Storage;

public class BucketPlanTests
{
    private const long Ms = 1_000_000;
    private const long Second = 1_000_000_000;
    private const long Minute = 60 * Second;
    private const long Hour = 60 * Minute;
    private const long Day = 24 * Hour;

    // 2025-06-01T00:00:00Z, aligned to every width up to a day (not to a week: 1970-01-01 was a Thursday).
    private const long Midnight = 1_748_736_000 * Second;

    private static readonly long[] NiceWidths =
    [
        Ms, 10 * Ms, 100 * Ms,
        Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 30 * Second,
        Minute, 2 * Minute, 5 * Minute, 10 * Minute, 15 * Minute, 30 * Minute,
        Hour, 2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour, Day, 7 * Day,
    ];

    private static bool IsNice(long width) => NiceWidths.Contains(width) || width % Day == 0;

    private static long FloorMod(long t, long m) => ((t % m) + m) % m;

    [Fact]
    public void Create_CutsAnAlignedHourIntoSixtyMinutes()
    {
        var plan = BucketPlan.Create(Midnight, Midnight + Hour, 60);

        Assert.Equal(new BucketPlan(Minute, Midnight, 60), plan);
    }

    [Fact]
    public void Create_WidensTheBucket_WhenAlignmentWouldAddOneTooMany()
    {
        // 10:00:30 .. 11:00:30 touches 61 one-minute buckets; two minutes fit.
        var from = Midnight + 10 * Hour + 30 * Second;

        var plan = BucketPlan.Create(from, from + Hour, 60);

        Assert.Equal(2 * Minute, plan.Width);
        Assert.Equal(Midnight + 10 * Hour, plan.FirstStart);
        Assert.Equal(31, plan.Count);
    }

    [Fact]
    public void Create_KeepsBoundaries_WhenTheWindowSlides()
    {
        var a = BucketPlan.Create(Midnight + 7 * Second, Midnight + 2 * Hour + 7 * Second, 240);
        var b = BucketPlan.Create(Midnight + 41 * Second, Midnight + 2 * Hour + 41 * Second, 240);

        Assert.Equal(a.Width, b.Width);
        Assert.Equal(0, FloorMod(a.FirstStart - b.FirstStart, a.Width));
    }

    [Fact]
    public void Create_UsesTheSmallestNiceWidth_ForATinyRange()
    {
        var plan = BucketPlan.Create(Midnight, Midnight + 1, 1000);

        Assert.Equal(new BucketPlan(Ms, Midnight, 1), plan);
    }

    [Fact]
    public void Create_UsesWholeDays_BeyondTheLargestNiceWidth()
    {
        var plan = BucketPlan.Create(Midnight, Midnight + 3650 * Day, 10);

        Assert.Equal(0, plan.Width % Day);
        Assert.True(plan.Count <= 10);
        Assert.True(plan.FirstStart + plan.Count * plan.Width >= Midnight + 3650 * Day);
    }

    [Fact]
    public void Create_RefusesARangeBeforeTheEpoch()
    {
        var refused = Assert.Throws<BucketPlanException>(() => BucketPlan.Create(-90 * Second, -30 * Second, 6));

        Assert.Equal("from", refused.ParamName);
    }

    [Fact]
    public void Create_Refuses_WhenRangeIsEmptyOrReversed()
    {
        Assert.Equal("to", Assert.Throws<BucketPlanException>(() => BucketPlan.Create(Midnight, Midnight, 10)).ParamName);
        Assert.Equal("to", Assert.Throws<BucketPlanException>(() => BucketPlan.Create(Midnight, Midnight - 1, 10)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void Create_Refuses_WhenFewerThanOneBucketIsAsked(int maxBuckets)
    {
        Assert.Equal("maxBuckets", Assert.Throws<BucketPlanException>(() => BucketPlan.Create(Midnight, Midnight + Hour, maxBuckets)).ParamName);
    }

    [Fact]
    public void Create_EndsWithOneBucket_ForTheWholeRangeOfTime()
    {
        var plan = BucketPlan.Create(0, long.MaxValue - Day, 1);

        Assert.Equal(1, plan.Count);
        Assert.Equal(0, plan.FirstStart);
        Assert.True(plan.Width >= long.MaxValue - Day);
    }

    [Fact]
    public void Create_RefusesOneBucket_WhenNoWholeDayWidthReachesTheEnd()
    {
        Assert.Equal("to", Assert.Throws<BucketPlanException>(() => BucketPlan.Create(0, long.MaxValue, 1)).ParamName);
    }

    /// <summary>
    /// Any input at all, extremes included: the plan is made in bounded time and holds its promises, or the input is
    /// refused with the typed exception. Nothing else may come out (no overflow, no other exception, no endless search).
    /// </summary>
    [Fact]
    public void Create_EndsWithAValidPlanOrATypedRefusal_ForRandomAndExtremeInputs()
    {
        var random = new Random(8);
        long[] edges = [long.MinValue, long.MinValue + 1, -Day, -1, 0, 1, Day, Midnight, long.MaxValue / 2, long.MaxValue - Day, long.MaxValue - 1, long.MaxValue];
        int[] sizes = [1, 2, 3, 239, 240, 4999, 5000];
        var cases = new List<(long From, long To, int Max)>();
        foreach (var from in edges)
        {
            foreach (var to in edges)
            {
                cases.AddRange(sizes.Select(m => (from, to, m)));
            }
        }

        for (var i = 0; i < 50_000; i++)
        {
            var from = i % 3 == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(long.MinValue, long.MaxValue);
            var to = i % 5 == 0 ? edges[random.Next(edges.Length)] : random.NextInt64(long.MinValue, long.MaxValue);
            cases.Add((from, to, random.Next(1, 5001)));
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var planned = 0;
        foreach (var (from, to, max) in cases)
        {
            BucketPlan plan;
            try
            {
                plan = BucketPlan.Create(from, to, max);
            }
            catch (BucketPlanException)
            {
                Assert.True(from < 0 || to <= from || max == 1, $"from={from} to={to} max={max} was refused");
                continue;
            }

            planned++;
            var context = $"from={from} to={to} max={max} plan={plan}";
            Assert.True(plan.Count >= 1 && plan.Count <= max, context);
            Assert.True(IsNice(plan.Width), context);
            Assert.True(plan.FirstStart <= from && from - plan.FirstStart < plan.Width, context);
            Assert.True((Int128)plan.FirstStart + ((Int128)plan.Count * plan.Width) >= to, context);
            Assert.Equal(0, plan.IndexOf(from));
            Assert.Equal(plan.Count - 1, plan.IndexOf(to - 1));
        }

        Assert.True(planned > cases.Count / 10, $"only {planned} of {cases.Count} inputs were planned");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"{cases.Count} plans took {watch.Elapsed}");
    }

    [Fact]
    public void Create_NeverMakesMoreBucketsThanAsked_ForManyRandomRangesAndSizes()
    {
        var random = new Random(20250601);
        var earliest = 631_152_000 * Second; // 1990
        var latest = 4_102_444_800 * Second; // 2100
        for (var i = 0; i < 20_000; i++)
        {
            var from = random.NextInt64(earliest, latest);

            // Log-uniform lengths from 1 ns to about 30 years, so every width gets exercised.
            var length = Math.Max(1, (long)Math.Pow(10, random.NextDouble() * 18));
            var to = from + length;
            var maxBuckets = i % 10 == 0 ? 1 : random.Next(1, 2001);

            var plan = BucketPlan.Create(from, to, maxBuckets);

            var context = $"from={from} to={to} maxBuckets={maxBuckets} plan={plan}";
            Assert.True(plan.Count >= 1 && plan.Count <= maxBuckets, context);
            Assert.True(IsNice(plan.Width), context);
            Assert.True(plan.FirstStart % plan.Width == 0, context);
            Assert.True(plan.FirstStart <= from && from < plan.FirstStart + plan.Width, context);
            Assert.True(plan.FirstStart + (plan.Count * plan.Width) >= to, context);
            Assert.True(plan.FirstStart + ((plan.Count - 1) * plan.Width) < to, context);
            Assert.Equal(0, plan.IndexOf(from));
            Assert.Equal(plan.Count - 1, plan.IndexOf(to - 1));
            for (var j = 0; j < 5; j++)
            {
                var t = random.NextInt64(from, to);
                var index = plan.IndexOf(t);
                Assert.True(index >= 0 && index < plan.Count, $"{context} t={t} index={index}");
                var start = plan.BucketStart(t);
                Assert.Equal(plan.FirstStart + (index * plan.Width), start);
                Assert.True(start <= t && t < start + plan.Width, $"{context} t={t}");
            }
        }
    }

    [Fact]
    public void Create_PicksTheNarrowestNiceWidth_ThatFits()
    {
        var random = new Random(7);
        for (var i = 0; i < 2_000; i++)
        {
            var from = Midnight + random.NextInt64(0, 30 * Day);
            var to = from + random.NextInt64(Second, 2 * Day);
            var maxBuckets = random.Next(1, 1000);

            var plan = BucketPlan.Create(from, to, maxBuckets);

            // Any narrower nice width must need more buckets than asked.
            foreach (var narrower in NiceWidths.Where(w => w < plan.Width))
            {
                var first = from - FloorMod(from, narrower);
                var last = (to - 1) - FloorMod(to - 1, narrower);
                Assert.True(((last - first) / narrower) + 1 > maxBuckets, $"from={from} to={to} max={maxBuckets} width={plan.Width} narrower={narrower}");
            }
        }
    }

    [Fact]
    public void IndexOf_CountsBucketsFromTheFirst()
    {
        var plan = new BucketPlan(Minute, Midnight, 60);

        Assert.Equal(0, plan.IndexOf(Midnight));
        Assert.Equal(0, plan.IndexOf(Midnight + Minute - 1));
        Assert.Equal(1, plan.IndexOf(Midnight + Minute));
        Assert.Equal(59, plan.IndexOf(Midnight + Hour - 1));
        Assert.Equal(-1, plan.IndexOf(Midnight - 1));
        Assert.Equal(60, plan.IndexOf(Midnight + Hour));
    }
}
