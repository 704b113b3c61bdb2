using Ioc.Core.Collecting;
using Ioc.Core.Configuration;

namespace Ioc.Storage.Tests.Configuration;

/// <summary>The <see cref="ICollectorRunStore"/> contract: the history of collector runs, shared by every node.</summary>
public abstract partial class DefinitionStoreContract
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private static CollectorRunRecord Run(string collector, int second, CollectorRunOutcome outcome = CollectorRunOutcome.Succeeded, string? error = null, bool replay = false) =>
        new(collector, At.AddSeconds(second - 1), At.AddSeconds(second), TimeSpan.FromMilliseconds(12.5 + second), outcome, second * 10, error, replay, "node-" + (second % 2));

    [Fact]
    public async Task Runs_ComeBackNewestFirst_ExactlyAsAppended()
    {
        var runs = (ICollectorRunStore)await InitializedAsync();
        var failed = Run("portal", 3, CollectorRunOutcome.Failed, "HTTP 503 từ cổng dịch vụ công: \"bảo trì\"");

        await runs.AppendRunsAsync([Run("portal", 1), Run("portal", 2, replay: true)]);
        await runs.AppendRunsAsync([failed, Run("payments", 4, CollectorRunOutcome.Skipped)]);

        var listed = await runs.ListRunsAsync("portal", 10);
        Assert.Equal([3, 2, 1], listed.Select(r => r.StartedAt.Second));
        Assert.Equal(failed, listed[0]);
        Assert.True(listed[1].Replay);
        Assert.Single(await runs.ListRunsAsync("payments", 10));
        Assert.Equal(2, (await runs.ListRunsAsync("portal", 2)).Count);
        Assert.Empty(await runs.ListRunsAsync("nobody", 10));
    }

    [Fact]
    public async Task LastSucceededSlot_IsTheNewestCollected_EvenWhenABackfillOfOlderSlotsStartedLater()
    {
        var runs = (ICollectorRunStore)await InitializedAsync();
        var live = Run("portal", 30);
        var backfill = Enumerable.Range(1, 20).Select(day => Run("portal", 31) with { Slot = At.AddDays(-day), StartedAt = At.AddSeconds(40 + day), Replay = true });

        await runs.AppendRunsAsync([live, .. backfill, Run("portal", 50, CollectorRunOutcome.Failed) with { Slot = At.AddHours(1) }]);

        Assert.Equal(live.Slot, await runs.LastSucceededSlotAsync("portal"));
        Assert.Null(await runs.LastSucceededSlotAsync("nobody"));
    }

    [Fact]
    public async Task Runs_AppendedByTwoNodes_AreAllKept()
    {
        var first = (ICollectorRunStore)await InitializedAsync();
        var second = (ICollectorRunStore)await InitializedAsync();

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 20; i++) { await first.AppendRunsAsync([Run("portal", i)]); } }),
            Task.Run(async () => { for (var i = 20; i < 40; i++) { await second.AppendRunsAsync([Run("portal", i)]); } }));

        Assert.Equal(40, (await first.ListRunsAsync("portal", 100)).Count);
    }

    [Fact]
    public async Task Prune_KeepsTheNewestOfEachCollector_AndNothingOlderThanAsked()
    {
        var runs = (ICollectorRunStore)await InitializedAsync();
        await runs.AppendRunsAsync([.. Enumerable.Range(1, 10).Select(i => Run("portal", i)), .. Enumerable.Range(1, 3).Select(i => Run("payments", i))]);

        var pruned = await runs.PruneRunsAsync(keepPerCollector: 4, olderThan: At.AddSeconds(2));

        Assert.Equal(6 + 1, pruned);
        Assert.Equal([10, 9, 8, 7], (await runs.ListRunsAsync("portal", 100)).Select(r => r.StartedAt.Second));
        Assert.Equal([3, 2], (await runs.ListRunsAsync("payments", 100)).Select(r => r.StartedAt.Second));
    }
}
