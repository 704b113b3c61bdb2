using System.Buffers.Binary;
using Ioc.Storage.Spool;
using Microsoft.Extensions.Logging.Abstractions;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

public sealed class SpoolRestartTests
{
    [Fact]
    public async Task Reopen_RecoversTheDepth_AndReplaysEverything_AfterAnOrderlyStop()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(10, 40);
        var first = folder.OpenAbandoned(store, o => o.SegmentBytes = 8 << 10);
        foreach (var batch in batches)
        {
            await first.WriteAsync(batch);
        }

        var before = first.Status;
        await first.DisposeAsync();
        store.Mode = StoreMode.Up;

        var second = folder.Open(store, o => o.SegmentBytes = 8 << 10);
        Assert.Equal(before.DepthPoints, second.Status.DepthPoints);
        Assert.Equal(before.DepthBytes, second.Status.DepthBytes);
        Assert.Equal(before.OldestSpooledAt, second.Status.OldestSpooledAt);
        folder.StartReplayer(second);

        await Until(() => second.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(batches.SelectMany(b => b)), Texts(store.Received));
        Assert.Equal(400, second.Status.ReplayedPoints);
        Assert.Empty(folder.Segments());
    }

    [Fact]
    public async Task Reopen_ReplaysEverything_WhenTheProcessWasKilledWithASpoolOpen()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(10, 40);

        // Never disposed: its segment stays open, as a killed process's may until the kernel closes it; only the
        // folder's lock goes with the process, and a left-open segment must not stop the new one.
        var killed = folder.OpenAbandoned(store);
        foreach (var batch in batches)
        {
            await killed.WriteAsync(batch);
        }

        store.Mode = StoreMode.Up;
        SpoolFolder.Kill(killed);
        var restarted = folder.Open(store);
        Assert.Equal(400, restarted.Status.DepthPoints);
        folder.StartReplayer(restarted);

        await Until(() => restarted.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(batches.SelectMany(b => b)), Texts(store.Received));
        GC.KeepAlive(killed);
    }

    [Fact]
    public async Task Reopen_ReplaysAtMostTheLastWindowTwice_WhenKilledBetweenStoreAndCheckpoint()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(20, 50);
        var killed = folder.OpenAbandoned(store, o => o.ReplayBatchPoints = 100);
        foreach (var batch in batches)
        {
            await killed.WriteAsync(batch);
        }

        // The third replay write reaches the store, then the process "dies" before it can checkpoint.
        var writes = 0;
        var died = new TaskCompletionSource();
        store.AfterStored = async cancellationToken =>
        {
            if (Interlocked.Increment(ref writes) == 3)
            {
                died.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
        };
        store.Mode = StoreMode.Up;
        var run = new ReplayerRun(new SpoolReplayer(killed, NullLogger<SpoolReplayer>.Instance));
        await died.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await run.StopAsync();
        store.AfterStored = null;
        SpoolFolder.Kill(killed);

        var restarted = folder.Open(store, o => o.ReplayBatchPoints = 100);
        Assert.Equal(800, restarted.Status.DepthPoints);
        folder.StartReplayer(restarted);
        await Until(() => restarted.Status.DepthPoints == 0, "the spool is drained");

        var expected = Texts(batches.SelectMany(b => b));
        var received = Texts(store.Received);
        Assert.Equal(expected.ToHashSet(), received.ToHashSet());
        Assert.Equal(expected.Count + 100, received.Count);
        Assert.Equal(expected, received[..200].Concat(received[300..]).ToList());
    }

    [Fact]
    public async Task Reopen_CutsATornTailRecord_AndKeepsTheRecordsBeforeIt()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(3, 30);
        var killed = folder.OpenAbandoned(store);
        foreach (var batch in batches)
        {
            await killed.WriteAsync(batch);
        }

        var segment = Assert.Single(folder.Segments());
        var intact = new FileInfo(segment).Length;

        // A crash mid-append: the header of a fourth record promises more bytes than ever reached the disk.
        var torn = new byte[30];
        BinaryPrimitives.WriteInt32LittleEndian(torn, 4_000);
        BinaryPrimitives.WriteInt32LittleEndian(torn.AsSpan(16), 40);
        await AppendAsync(segment, torn);

        store.Mode = StoreMode.Up;
        SpoolFolder.Kill(killed);
        var restarted = folder.Open(store);
        Assert.Equal(intact, new FileInfo(segment).Length);
        Assert.Equal(90, restarted.Status.DepthPoints);
        folder.StartReplayer(restarted);
        await Until(() => restarted.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(batches.SelectMany(b => b)), Texts(store.Received));
        Assert.Equal(0, restarted.Status.DroppedPoints);
    }

    [Fact]
    public async Task Reopen_CutsALastRecordWithABadChecksum_AsATornTail()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var killed = folder.OpenAbandoned(store);
        await killed.WriteAsync(Make(30));
        var segment = Assert.Single(folder.Segments());
        var intact = new FileInfo(segment).Length;
        await killed.WriteAsync(Make(30, first: 30));

        // The length reached the disk but the end of the payload did not (a file extended with zeros).
        await using (var file = new FileStream(segment, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            file.Position = file.Length - 10;
            file.Write(new byte[10]);
        }

        store.Mode = StoreMode.Up;
        SpoolFolder.Kill(killed);
        var restarted = folder.Open(store);
        Assert.Equal(intact, new FileInfo(segment).Length);
        Assert.Equal(30, restarted.Status.DepthPoints);
    }

    [Fact]
    public async Task Replay_SkipsADamagedMiddleRecord_AndCountsItsPointsAsDropped()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(3, 30);
        var first = folder.OpenAbandoned(store);
        foreach (var batch in batches)
        {
            await first.WriteAsync(batch);
        }

        await first.DisposeAsync();
        var segment = Assert.Single(folder.Segments());
        var firstRecord = 20 + BinaryPrimitives.ReadInt32LittleEndian(File.ReadAllBytes(segment));
        await FlipByteAsync(segment, firstRecord + 20 + 7);

        store.Mode = StoreMode.Up;
        var restarted = folder.Open(store);
        Assert.Equal(90, restarted.Status.DepthPoints);
        folder.StartReplayer(restarted);
        await Until(() => restarted.Status.DepthPoints == 0, "the spool is drained");

        Assert.Equal(Texts(batches[0].Concat(batches[2])), Texts(store.Received));
        Assert.Equal(30, restarted.Status.DroppedPoints);
        Assert.Equal(60, restarted.Status.ReplayedPoints);
        Assert.Contains("damaged", restarted.Status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_SkipsADamagedRecordOfAnEarlierSegment()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var batches = Batches(4, 30);
        var first = folder.OpenAbandoned(store, o => o.SegmentBytes = 4 << 10);
        foreach (var batch in batches)
        {
            await first.WriteAsync(batch);
        }

        await first.DisposeAsync();
        var segments = folder.Segments().ToList();
        Assert.True(segments.Count >= 3, $"{segments.Count} segments");
        await FlipByteAsync(segments[1], 20 + 3);

        store.Mode = StoreMode.Up;
        var restarted = folder.Open(store, o => o.SegmentBytes = 4 << 10);
        folder.StartReplayer(restarted);
        await Until(() => restarted.Status.DepthPoints == 0, "the spool is drained");

        Assert.Equal(Texts(batches.Where((_, i) => i != 1).SelectMany(b => b)), Texts(store.Received));
        Assert.Equal(30, restarted.Status.DroppedPoints);
    }

    private static async Task AppendAsync(string path, byte[] bytes)
    {
        await using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await file.WriteAsync(bytes);
    }

    private static async Task FlipByteAsync(string path, long offset)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x20));
    }
}
