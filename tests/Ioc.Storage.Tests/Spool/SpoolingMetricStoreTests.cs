using System.Text;
using Ioc.Core.Metrics;
using Ioc.Core.Storage;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolingMetricStoreTests
{
    [Fact]
    public async Task Write_GoesStraightToTheStore_WhenItIsUp()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore();
        var spool = folder.Open(store);
        var points = Make(50);

        await spool.WriteAsync(points);

        Assert.Equal(Texts(points), Texts(store.Received));
        Assert.Equal(0, spool.Status.DepthPoints);
        Assert.Equal(0, spool.Status.DepthBytes);
        Assert.Null(spool.Status.OldestSpooledAt);
        Assert.Empty(folder.Segments());
    }

    [Fact]
    public async Task Write_IsAcceptedAndSpooled_WhenTheStoreIsDown()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);

        await spool.WriteAsync(Make(30));
        await spool.WriteAsync(Make(20, first: 30));

        Assert.Empty(store.Received);
        Assert.Equal(50, spool.Status.DepthPoints);
        Assert.True(spool.Status.DepthBytes > 50 * 40, $"depth {spool.Status.DepthBytes} bytes");
        Assert.NotNull(spool.Status.OldestSpooledAt);
        Assert.Contains("store unavailable", spool.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(spool.Status.DepthBytes, folder.Segments().Sum(f => new FileInfo(f).Length));
    }

    [Fact]
    public async Task Write_DoesNotTryTheStore_WhileSomethingIsSpooled()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        await spool.WriteAsync(Make(10));
        store.Mode = StoreMode.Up;

        await spool.WriteAsync(Make(10, first: 10));

        Assert.Single(store.Attempts);
        Assert.Empty(store.Received);
        Assert.Equal(20, spool.Status.DepthPoints);
    }

    [Fact]
    public async Task Replay_DeliversEverythingInOrder_AndLaterWritesAfterIt_WhenTheStoreComesBack()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        folder.StartReplayer(spool);
        var batches = Batches(12, 25);
        foreach (var batch in batches[..8])
        {
            await spool.WriteAsync(batch);
        }

        store.Mode = StoreMode.Up;
        foreach (var batch in batches[8..])
        {
            // Whether these join the spool or go straight through, they must land after the spooled ones.
            await spool.WriteAsync(batch);
        }

        await Until(() => spool.Status.DepthPoints == 0 && store.Received.Count == 300, "the spool is drained");
        Assert.Equal(Texts(batches.SelectMany(b => b)), Texts(store.Received));
        Assert.True(spool.Status.ReplayedPoints >= 200, $"replayed {spool.Status.ReplayedPoints}");
        Assert.Equal(0, spool.Status.DepthBytes);
        Assert.Equal(0, spool.Status.DroppedPoints);
        Assert.Null(spool.Status.OldestSpooledAt);
        Assert.Empty(folder.Segments());
    }

    [Fact]
    public async Task Write_ThrowsSpoolFull_AndKeepsEarlierData_WhenTheLimitWouldBePassed()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store, o => (o.MaxBytes, o.SegmentBytes) = (1 << 20, 64 << 10));
        var accepted = new List<List<MetricPoint>>();
        StoreUnavailableException? refused = null;
        for (var i = 0; i < 1_000 && refused is null; i++)
        {
            var batch = Make(500, first: i * 500);
            try
            {
                await spool.WriteAsync(batch);
                accepted.Add(batch);
            }
            catch (StoreUnavailableException ex)
            {
                refused = ex;
            }
        }

        Assert.NotNull(refused);
        Assert.StartsWith("spool full", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
        var status = spool.Status;
        Assert.Equal(500, status.DroppedPoints);
        Assert.True(status.Full);
        Assert.True(status.DepthBytes <= status.MaxBytes);
        Assert.Equal(accepted.Count * 500, status.DepthPoints);

        store.Mode = StoreMode.Up;
        folder.StartReplayer(spool);
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(accepted.SelectMany(b => b)), Texts(store.Received));
        Assert.False(spool.Status.Full);
        Assert.Equal(500, spool.Status.DroppedPoints);
    }

    [Fact]
    public async Task Write_ClearsFull_WhenALaterBatchFitsAgain()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store, o => (o.MaxBytes, o.SegmentBytes) = (1 << 20, 64 << 10));
        var small = Make(100);
        await spool.WriteAsync(small);
        var smallBytes = spool.Status.DepthBytes;

        // Filled until between two and three small batches still fit: room for a small one, not for a big one.
        while (spool.Status.DepthBytes + (3 * smallBytes) <= spool.Status.MaxBytes)
        {
            await spool.WriteAsync(small);
        }

        await Assert.ThrowsAsync<StoreUnavailableException>(() => spool.WriteAsync(Make(2_000)));
        Assert.True(spool.Status.Full);

        await spool.WriteAsync(small);

        Assert.False(spool.Status.Full);
        Assert.Equal(2_000, spool.Status.DroppedPoints);
    }

    [Fact]
    public async Task Write_IsSpooled_WhenTheStoreTimesOutOnItsOwn()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.TimesOut };
        var spool = folder.Open(store);
        var points = Make(15);

        await spool.WriteAsync(points);

        Assert.Equal(15, spool.Status.DepthPoints);
        Assert.Contains("did not answer in time", spool.Status.LastError, StringComparison.Ordinal);
        store.Mode = StoreMode.Up;
        folder.StartReplayer(spool);
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(points), Texts(store.Received));
    }

    [Fact]
    public async Task Write_ThrowsCancellation_AndSpoolsNothing_WhenTheCallerCancels()
    {
        await using var folder = new SpoolFolder();
        using var caller = new CancellationTokenSource();
        var store = new SwitchableStore
        {
            AfterStored = async cancellationToken =>
            {
                await caller.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            },
        };
        var spool = folder.Open(store);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => spool.WriteAsync(Make(15), caller.Token));

        Assert.Equal(0, spool.Status.DepthPoints);
        Assert.Empty(folder.Segments());
    }

    [Fact]
    public async Task Write_Propagates_WhenTheStoreFailsForAnotherReason()
    {
        await using var folder = new SpoolFolder();
        var spool = folder.Open(new SwitchableStore { Mode = StoreMode.Broken });

        await Assert.ThrowsAsync<InvalidOperationException>(() => spool.WriteAsync(Make(5)));

        Assert.Equal(0, spool.Status.DepthPoints);
        Assert.Empty(folder.Segments());
    }

    [Fact]
    public async Task Reads_GoToTheStore()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);

        var last = await spool.QueryLastAsync(new SeriesSelector("air_quality", "aqi"));

        Assert.Equal(42, Assert.Single(last).Value);
        Assert.False(await spool.PingAsync());
        store.Mode = StoreMode.Up;
        Assert.True(await spool.PingAsync());
    }

    [Fact]
    public async Task Spool_KeepsVietnameseTextByteForByte()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);

        // Precomposed and decomposed forms of the same name must both come back as they were: no normalisation.
        var names = new[] { "Thành phố Vinh", "Thị xã Cửa Lò", "Huyện Kỳ Sơn", "Nghe\u0302\u0323 An", "Quảng trường Hồ Chí Minh, số 1 = ✓ 🚦" };
        var points = names.Select((name, i) => new MetricPoint(
            "sự_kiện giao thông",
            [new Tag("địa điểm", name)],
            [new Field("số xe", i + 0.5)],
            Start + i)).ToList();
        await spool.WriteAsync(points);
        var onDisk = File.ReadAllBytes(Assert.Single(folder.Segments()));
        store.Mode = StoreMode.Up;
        folder.StartReplayer(spool);
        await Until(() => store.Received.Count == points.Count, "the points are replayed");

        var received = store.Received;
        for (var i = 0; i < points.Count; i++)
        {
            Assert.Equal(points[i].Measurement, received[i].Measurement);
            Assert.Equal(Encoding.UTF8.GetBytes(points[i].Tags[0].Value), Encoding.UTF8.GetBytes(received[i].Tags[0].Value));
            Assert.Equal(points[i].Fields[0], received[i].Fields[0]);
            Assert.Equal(points[i].Timestamp, received[i].Timestamp);
            foreach (var word in names[i].Split([' ', ',', '='], StringSplitOptions.RemoveEmptyEntries))
            {
                // Line protocol escapes spaces, commas and equals signs, so the words are what lies on disk as is.
                Assert.True(Contains(onDisk, Encoding.UTF8.GetBytes(word)), $"'{word}' is not in the segment as UTF-8");
            }
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
