using Ioc.Server.Features.Dashboards;

namespace Ioc.Server.Tests.Features.Dashboards;

/// <summary>
/// The sharing of dashboard reads on its own: requests arriving while a read runs wait for the next one and share
/// it; none is answered by a read that started before it arrived; one leaving cancels nothing for the others.
/// </summary>
public sealed class DashboardReadsTests
{
    private static readonly (string, string) Wall = ("operations-wall", "");
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RequestsDuringARead_ShareTheNextRead_NeverTheOneRunning()
    {
        var reads = new DashboardReads();
        var started = 0; // guarded by release
        var release = new List<TaskCompletionSource>();
        Func<CancellationToken, Task<DashboardData>> Read() => async _ =>
        {
            var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int number;
            lock (release)
            {
                release.Add(gate);
                number = ++started;
            }

            await gate.Task;
            return Answer(number);
        };

        var first = reads.ReadAsync(Wall, Read(), Budget, CancellationToken.None);
        await WaitUntilAsync(() => Volatile.Read(ref started) == 1);
        var during = Enumerable.Range(0, 50).Select(_ => reads.ReadAsync(Wall, Read(), Budget, CancellationToken.None)).ToList();
        Assert.Equal(1, started);

        Release(release, 0);
        Assert.Equal(1, (await first).ServerTime);
        await WaitUntilAsync(() => Volatile.Read(ref started) == 2);
        var afterSecondStarted = reads.ReadAsync(Wall, Read(), Budget, CancellationToken.None);
        Release(release, 1);
        Assert.All(await Task.WhenAll(during), a => Assert.Equal(2, a.ServerTime));

        await WaitUntilAsync(() => Volatile.Read(ref started) == 3);
        Release(release, 2);
        Assert.Equal(3, (await afterSecondStarted).ServerTime);
        Assert.Equal(3, started);
    }

    [Fact]
    public async Task OtherDashboardsAndUnits_ReadOnTheirOwn()
    {
        var reads = new DashboardReads();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        Func<CancellationToken, Task<DashboardData>> read = async _ =>
        {
            Interlocked.Increment(ref started);
            await gate.Task;
            return Answer(0);
        };

        var answers = new[] { Wall, ("operations-wall", "42"), ("leaders", "") }.Select(k => reads.ReadAsync(k, read, Budget, CancellationToken.None)).ToList();
        await WaitUntilAsync(() => started == 3);
        Assert.Equal(3, reads.Busy);
        gate.SetResult();
        await Task.WhenAll(answers);
    }

    [Fact]
    public async Task UnitsOnceRead_AreForgotten_SoNoCodeAReaderSendsIsKept()
    {
        var reads = new DashboardReads();
        await Task.WhenAll(Enumerable.Range(0, 1_000).Select(i =>
            reads.ReadAsync(("leaders", $"made-up-{i}"), _ => Task.FromResult(Answer(i)), Budget, CancellationToken.None)));
        await WaitUntilAsync(() => reads.Busy == 0);
    }

    [Fact]
    public async Task OneRequestLeaving_CancelsNothingForTheOthers()
    {
        var reads = new DashboardReads();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelledInside = false;
        Func<CancellationToken, Task<DashboardData>> read = async ct =>
        {
            await gate.Task;
            cancelledInside = ct.IsCancellationRequested;
            return Answer(7);
        };

        using var leaving = new CancellationTokenSource();
        var gone = reads.ReadAsync(Wall, read, Budget, leaving.Token);
        var staying = reads.ReadAsync(Wall, read, Budget, CancellationToken.None);
        await leaving.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gone);

        gate.SetResult();
        Assert.Equal(7, (await staying).ServerTime);
        Assert.False(cancelledInside);
    }

    [Fact]
    public async Task AReadPastItsBudget_FailsEveryoneWaiting_AndTheNextReadRuns()
    {
        var reads = new DashboardReads();
        Func<CancellationToken, Task<DashboardData>> slow = async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Answer(0);
        };

        var timedOut = await Assert.ThrowsAsync<DashboardReadTimeoutException>(() => reads.ReadAsync(Wall, slow, TimeSpan.FromMilliseconds(100), CancellationToken.None));
        Assert.Contains("0.1 s", timedOut.Message, StringComparison.Ordinal);
        Assert.Equal(5, (await reads.ReadAsync(Wall, _ => Task.FromResult(Answer(5)), Budget, CancellationToken.None)).ServerTime);
    }

    private static DashboardData Answer(double number) => new(number, "stream", new Dictionary<string, PanelData>());

    private static void Release(List<TaskCompletionSource> gates, int index)
    {
        lock (gates)
        {
            gates[index].SetResult();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(5);
        }
    }
}
