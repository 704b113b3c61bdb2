using System.Net;
using Ioc.Storage.Tests.InfluxDb;
using static Ioc.Storage.Tests.Spool.SpoolPoints;

namespace Ioc.Storage.Tests.Spool;

/// <summary>Replay that keeps failing: the replayer stays up, and the spool's status says what is wrong and since when.</summary>
public sealed class SpoolReplayFailureTests
{
    [Fact]
    public async Task Run_KeepsReplaying_AndReportsTheFailure_WhenSomethingUnexpectedEscapesTheLoop()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store);
        var points = Make(25);
        await spool.WriteAsync(points);

        // Not "unavailable", not a poisoned batch: a store closed under the replayer, which used to end it silently.
        store.Mode = StoreMode.Closed;
        var replayer = folder.StartReplayer(spool);
        await Until(() => store.Attempts.Count >= 4, "the replayer tried again after unexpected failures");

        var failing = spool.Status;
        Assert.False(replayer.Task.IsCompleted);
        Assert.Contains("ObjectDisposedException", failing.LastReplayError, StringComparison.Ordinal);
        Assert.NotNull(failing.LastReplayFailureAt);
        Assert.NotNull(failing.ReplayFailingSince);
        Assert.Equal(25, failing.DepthPoints);

        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.Equal(Texts(points), Texts(store.Received));
        Assert.Null(spool.Status.ReplayFailingSince);
        Assert.Equal(0, spool.Status.DroppedPoints);
    }

    [Fact]
    public async Task Status_SaysReplayStalled_WhenReplayKeepsFailingPastTheThreshold()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store, o => o.ReplayStalledAfter = TimeSpan.FromMilliseconds(200));
        await spool.WriteAsync(Make(10));
        folder.StartReplayer(spool);

        await Until(() => spool.Status.ReplayStalled, "the status says replay is stalled");

        var stalled = spool.Status;
        Assert.True(DateTimeOffset.UtcNow - stalled.ReplayFailingSince >= TimeSpan.FromMilliseconds(200));
        Assert.Contains("store unavailable", stalled.LastReplayError, StringComparison.Ordinal);
        store.Mode = StoreMode.Up;
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.False(spool.Status.ReplayStalled);
        Assert.Null(spool.Status.ReplayFailingSince);
        Assert.Contains("store unavailable", spool.Status.LastReplayError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_IsNotStalled_WhileReplayHasFailedForLessThanTheThreshold()
    {
        await using var folder = new SpoolFolder();
        var store = new SwitchableStore { Mode = StoreMode.Down };
        var spool = folder.Open(store, o => o.ReplayStalledAfter = TimeSpan.FromHours(1));
        await spool.WriteAsync(Make(10));
        folder.StartReplayer(spool);

        await Until(() => store.Attempts.Count >= 4, "the replayer failed a few times");

        Assert.NotNull(spool.Status.ReplayFailingSince);
        Assert.False(spool.Status.ReplayStalled);
    }

    [Fact]
    public async Task Status_CarriesInfluxDbs401_AsTheLastReplayError_WithoutTheToken()
    {
        const string token = "s3cr3t-token-of-the-test";
        var authorized = false;
        await using var stub = new StubInfluxServer
        {
            Answer = _ => Volatile.Read(ref authorized)
                ? (HttpStatusCode.NoContent, new Dictionary<string, string>(), "")
                : (HttpStatusCode.Unauthorized, new Dictionary<string, string>(), """{"error":"authorization failed"}"""),
        };
        using var influx = InfluxStores.Open(stub.Url, configure: o => o.Token = token);
        await using var folder = new SpoolFolder();
        var spool = folder.Open(influx, o => o.ReplayStalledAfter = TimeSpan.FromMilliseconds(200));

        // A wrong token is a setup error: the points are kept (spooled) until someone fixes it.
        await spool.WriteAsync(Make(10));
        folder.StartReplayer(spool);
        await Until(() => spool.Status.ReplayStalled, "the status says replay is stalled");

        var status = spool.Status;
        Assert.Contains("401 Unauthorized", status.LastReplayError, StringComparison.Ordinal);
        Assert.Contains("authorization failed", status.LastReplayError, StringComparison.Ordinal);
        Assert.DoesNotContain(token, status.LastReplayError, StringComparison.Ordinal);
        Assert.Equal(10, status.DepthPoints);

        Volatile.Write(ref authorized, true);
        await Until(() => spool.Status.DepthPoints == 0, "the spool is drained");
        Assert.False(spool.Status.ReplayStalled);
        Assert.Equal(10, spool.Status.ReplayedPoints);
    }
}
