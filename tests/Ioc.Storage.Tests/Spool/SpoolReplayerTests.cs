using Ioc.Storage.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolReplayerTests
{
    [Fact]
    public async Task Replay_DeliversExactlyEveryPointInOrder_WhenTheStoreIsDownMidway()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore();
        var spool = folder.Open(store);
        folder.StartReplayer(spool);
        var batches = Batches(200, 500);

        for (var i = 0; i < batches.Count; i++)
        {
            store.Mode = i is >= 60 and < 140 ? StoreMode.Down : StoreMode.Up;
            await spool.WriteAsync(batches[i]);
        }

        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained", TimeSpan.FromSeconds(60));
        var received = Texts(store.Received);
        Assert.Equal(100_000, received.Count);
        Assert.Equal(100_000, received.ToHashSet().Count);
        Assert.Equal(Texts(batches.SelectMany(b => b)), received);
        Assert.True(spool.Status.ReplayedPoints >= 40_000, $"replayed {spool.Status.ReplayedPoints}");
    }

    [Fact]
    public async Task Replay_EndsWithEveryPointOnce_WhenTheStoreKeptPrefixesOfFailedWrites()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { PrefixStoredOnFailure = 120 };
        var spool = folder.Open(store, o => o.ReplayBatchPoints = 1_000);
        folder.StartReplayer(spool);
        var batches = Batches(40, 300);
        for (var i = 0; i < batches.Count; i++)
        {
            store.Mode = i % 10 < 4 ? StoreMode.Down : StoreMode.Up;
            await spool.WriteAsync(batches[i]);
        }

        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");

        // Repeats are overwrites in a real store: what counts is that every point arrived, and nothing else did.
        Assert.Equal(Texts(batches.SelectMany(b => b)).ToHashSet(), Texts(store.Received).ToHashSet());
    }

    [Fact]
    public async Task ConcurrentWriters_NeverSeeALaterBatchOvertakeAnEarlierOne_WhileTheStoreFlaps()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore();
        var spool = folder.Open(store);
        folder.StartReplayer(spool);
        using var stop = new CancellationTokenSource();
        var flapping = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                store.Mode = store.Mode == StoreMode.Up ? StoreMode.Down : StoreMode.Up;
                await Task.Delay(Random.Shared.Next(1, 8));
            }
        });

        const int Writers = 4, BatchesPerWriter = 60, Size = 20;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var b = 0; b < BatchesPerWriter; b++)
            {
                await spool.WriteAsync(Make(Size, first: ((w * BatchesPerWriter) + b) * Size));
            }
        })));
        await stop.CancelAsync();
        await flapping;
        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");

        var received = store.Received;
        Assert.Equal(Writers * BatchesPerWriter * Size, received.Count);
        var index = Make(Writers * BatchesPerWriter * Size).Select((p, i) => (Text(p), i)).ToDictionary(x => x.Item1, x => x.i);
        for (var w = 0; w < Writers; w++)
        {
            var mine = received.Select(p => index[Text(p)]).Where(i => i / (BatchesPerWriter * Size) == w).ToList();
            Assert.Equal(mine.Order().ToList(), mine);
        }
    }

    [Fact]
    public async Task Replay_GivesUpAWindowTheStoreKeepsFailing_AndCountsItAsDropped()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        await spool.WriteAsync(Make(25));
        store.Mode = StoreMode.Broken;
        folder.StartReplayer(spool);

        await Until(() => spool.Status.DepthPoints == 0, "the window is given up");

        Assert.Equal(25, spool.Status.DroppedPoints);
        Assert.Equal(0, spool.Status.ReplayedPoints);
        Assert.Contains("broken", spool.Status.LastError, StringComparison.Ordinal);
        store.Mode = StoreMode.Up;
        await spool.WriteAsync(Make(5, first: 30));
        Assert.Equal(Texts(Make(5, first: 30)), Texts(store.Received));
    }

    [Fact]
    public async Task Replay_NeverGivesUp_WhenTheStoreOnlyTimesOut()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        var points = Make(25);
        await spool.WriteAsync(points);
        store.Mode = StoreMode.TimesOut;
        folder.StartReplayer(spool);

        // More time-outs than the failures after which a window the store keeps refusing is given up.
        await Until(() => store.Attempts.Count >= 9, "the replayer met eight time-outs");
        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");

        Assert.Equal(Texts(points), Texts(store.Received));
        Assert.Equal(0, spool.Status.DroppedPoints);
    }

    [Fact]
    public async Task Replay_KeepsGoing_WhenTheCheckpointCannotBeWrittenForAWhile()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        var points = Make(60);
        await spool.WriteAsync(points);

        // A folder where the checkpoint's temporary file goes makes every checkpoint fail, as a full disk would.
        var blocker = Directory.CreateDirectory(Path.Combine(folder.Path, "checkpoint.tmp"));
        store.Mode = StoreMode.Up;
        var replayer = folder.StartReplayer(spool);
        await Until(() => store.Attempts.Count >= 4, "the window was delivered again after failed checkpoints");
        Assert.Contains("spool disk error", spool.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(60, spool.Status.DepthPoints);
        blocker.Delete();

        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.False(replayer.Task.IsCompleted);
        Assert.Equal(Texts(points).ToHashSet(), Texts(store.Received).ToHashSet());
        Assert.Equal(60, spool.Status.ReplayedPoints);
    }

    [Fact]
    public async Task Run_Refuses_WhenAReplayerIsAlreadyRunningOnTheSpool()
    {
        await using var folder = new SpoolFolder();
        var spool = folder.Open(new SwitchableStore());
        var logger = NullLogger<SpoolReplayer>.Instance;
        using var stop = new CancellationTokenSource();
        var running = new SpoolReplayer(spool, logger).RunAsync(stop.Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => new SpoolReplayer(spool, logger).RunAsync(stop.Token));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task Status_IsPublishedAsMetrics()
    {
        await using var folder = new SpoolFolder();
        var spool = folder.Open(new SwitchableStore { Mode = StoreMode.Down });
        await spool.WriteAsync(Make(12));
        var seen = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SpoolMetrics.MeterName && instrument.Meter.Tags?.Any(t => Equals(t.Value, folder.Path)) == true)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => seen[instrument.Name] = Math.Max(value, seen.GetValueOrDefault(instrument.Name)));
        listener.Start();

        listener.RecordObservableInstruments();

        Assert.Equal(12, seen["ioc.spool.depth.points"]);
        Assert.Equal(spool.Status.DepthBytes, seen["ioc.spool.depth.bytes"]);
        Assert.Equal(0, seen["ioc.spool.replayed.points"]);
        Assert.Equal(0, seen["ioc.spool.dropped.points"]);
    }
}
