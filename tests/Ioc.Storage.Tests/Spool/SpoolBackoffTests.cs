using Ioc.Storage.Spool;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

[Collection(TimingCollection.Name)]
public sealed class SpoolBackoffTests
{
    [Fact]
    public async Task Replay_WaitsForTheStoresRetryAfter_RatherThanItsOwnBackoff()
    {
        await using var folder = new SpoolFolder();
        var retryAfter = TimeSpan.FromMilliseconds(300);
        var store = new SwitchableStore { Mode = StoreMode.Down, RetryAfter = retryAfter };

        // Its own back-off alone would take a minute: only honouring Retry-After delivers within the test's time.
        var spool = folder.Open(store, o => (o.InitialBackoff, o.MaxBackoff) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)));
        await spool.WriteAsync(Make(10));
        folder.StartReplayer(spool);
        await Until(() => store.Attempts.Count >= 3, "the replayer tried twice");
        store.Mode = StoreMode.Up;

        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained", TimeSpan.FromSeconds(10));
        var attempts = store.Attempts;
        for (var i = 1; i < attempts.Count; i++)
        {
            var gap = attempts[i] - attempts[i - 1];
            Assert.True(gap >= retryAfter - TimeSpan.FromMilliseconds(20), $"attempt {i} came {gap.TotalMilliseconds:0} ms after the one before");
            Assert.True(gap < TimeSpan.FromSeconds(5), $"attempt {i} came {gap.TotalMilliseconds:0} ms after the one before");
        }
    }

    [Fact]
    public async Task Replay_CapsTheStoresRetryAfter_AtMaxRetryAfter()
    {
        await using var folder = new SpoolFolder();

        // A hundred years: more than a timer can wait, and far more than replay should.
        var store = new SwitchableStore { Mode = StoreMode.Down, RetryAfter = TimeSpan.FromDays(36_500) };
        var spool = folder.Open(store, o => (o.InitialBackoff, o.MaxBackoff, o.MaxRetryAfter) = (TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200)));
        var before = DateTimeOffset.UtcNow;
        await spool.WriteAsync(Make(10));
        Assert.InRange(spool.ReplayNotBefore, before, DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        var replayer = folder.StartReplayer(spool);
        await Until(() => store.Attempts.Count >= 3, "the replayer tried twice");
        store.Mode = StoreMode.Up;

        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained", TimeSpan.FromSeconds(10));
        Assert.False(replayer.Task.IsCompleted);
        var attempts = store.Attempts;
        for (var i = 1; i < attempts.Count; i++)
        {
            var gap = attempts[i] - attempts[i - 1];
            Assert.True(gap < TimeSpan.FromSeconds(5), $"attempt {i} came {gap.TotalMilliseconds:0} ms after the one before");
        }
    }

    [Fact]
    public async Task Replay_BacksOffExponentially_UpToTheMaximum()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store, o => (o.InitialBackoff, o.MaxBackoff) = (TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)));
        await spool.WriteAsync(Make(10));
        folder.StartReplayer(spool);
        await Until(() => store.Attempts.Count >= 11, "the replayer tried ten times");
        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");

        // Timers on a busy machine are coarse either way: growth is judged with half the nominal delays as the
        // floor, and the cap by a median.
        var gaps = store.Attempts.Zip(store.Attempts.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToList();
        var shown = string.Join(", ", gaps.Select(g => $"{g:0}"));
        Assert.True(gaps[3] >= 80 * 0.5, shown);
        Assert.All(gaps[4..10], gap => Assert.True(gap >= 100 * 0.5, shown));
        Assert.True(gaps[4..10].Average() > gaps[1], shown);

        // Uncapped, gaps 4 to 9 would be 160 ms to 5 s, a median of at least 0.8 × 960 ms.
        Assert.True(gaps[4..10].Order().ElementAt(3) < 400, shown);
    }

    [Theory]
    [InlineData(1, 400, 600)]
    [InlineData(2, 800, 1_200)]
    [InlineData(4, 3_200, 4_800)]
    [InlineData(7, 24_000, 30_000)]
    [InlineData(12, 24_000, 30_000)]
    [InlineData(500, 24_000, 30_000)]
    public void Backoff_DoublesFromHalfASecond_WithJitter_UpToThirtySeconds(int failures, double least, double most)
    {
        var options = new SpoolOptions();
        for (var i = 0; i < 50; i++)
        {
            var delay = SpoolReplayer.Backoff(failures, options).TotalMilliseconds;
            Assert.InRange(delay, least, most);
        }
    }
}
